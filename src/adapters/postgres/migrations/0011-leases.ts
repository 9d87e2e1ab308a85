/** Leases and claim turns, as SQLite's migration 0011 (src/adapters/sqlite/migrations/0011-leases.ts says why). */
export default `
CREATE TABLE leases (
  document_id BIGINT PRIMARY KEY REFERENCES documents(id),
  worker_id TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  claimed_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX leases_worker ON leases(worker_id);

CREATE TABLE claim_turns (
  unit_code TEXT PRIMARY KEY,
  served BIGINT NOT NULL
);

CREATE INDEX documents_pending_unit ON documents(status, unit_code, id);
`;
