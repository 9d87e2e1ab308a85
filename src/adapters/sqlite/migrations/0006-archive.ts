/**
 * Archived objects (one row per object written: a document's PDF or its sidecar) and fixity
 * audits with their per-object findings. `store_url` says which archive the key is in.
 */
export default `
CREATE TABLE archived_objects (
  id INTEGER PRIMARY KEY,
  store_url TEXT NOT NULL,
  key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('document','sidecar')),
  document_uid TEXT,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  verified_by TEXT NOT NULL,
  retention_mode TEXT,
  retain_until TEXT,
  archived_at TEXT NOT NULL,
  last_audit_id INTEGER,
  last_audit_status TEXT,
  UNIQUE (store_url, key)
);
CREATE INDEX archived_objects_doc ON archived_objects(document_uid);

CREATE TABLE fixity_audits (
  id INTEGER PRIMARY KEY,
  store_url TEXT NOT NULL,
  scope TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  checked INTEGER NOT NULL DEFAULT 0,
  ok INTEGER NOT NULL DEFAULT 0,
  missing INTEGER NOT NULL DEFAULT 0,
  corrupt INTEGER NOT NULL DEFAULT 0,
  unexpected INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'running'
);

CREATE TABLE fixity_findings (
  audit_id INTEGER NOT NULL REFERENCES fixity_audits(id),
  key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('missing','corrupt','unexpected','error')),
  expected_sha256 TEXT,
  actual_sha256 TEXT,
  message TEXT,
  PRIMARY KEY (audit_id, key)
);
`;
