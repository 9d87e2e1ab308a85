/**
 * Leases (issue 10): a worker's claim on a pending document, with who holds it and until when.
 * A lease is (worker_id, claimed_at): every commit of a stage checks it is still the holder's
 * (fencing), and a claim takes over only a lease that has expired. Times are ISO strings from
 * the catalog's own clock, so machines with drifting clocks agree on expiry.
 * claim_turns counts when each unit last had a document claimed (a rising number, not a time,
 * so two claims in one millisecond still take turns): claims go round the units,
 * so one desk's backlog cannot starve the others. On one machine (SQLite) the workspace lock
 * already serialises runs; the tables exist so both engines share one schema and one contract.
 */
export default `
CREATE TABLE leases (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id),
  worker_id TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  claimed_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX leases_worker ON leases(worker_id);

CREATE TABLE claim_turns (
  unit_code TEXT PRIMARY KEY,
  served INTEGER NOT NULL
);

CREATE INDEX documents_pending_unit ON documents(status, unit_code, id);
`;
