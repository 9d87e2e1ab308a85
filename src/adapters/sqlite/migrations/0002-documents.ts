/**
 * Inputs, documents and pages: the state every pipeline stage reads and writes.
 * A document moves through `stage` (ingested → preprocessed → ocr → pdf → classified →
 * signed → archived); `status` says whether it is pending, done or rejected at that stage.
 */
export default `
CREATE TABLE inputs (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER,
  status TEXT NOT NULL DEFAULT 'registered',
  reason TEXT,
  message TEXT,
  duplicate_of INTEGER REFERENCES inputs(id),
  document_id INTEGER,
  seen_at TEXT NOT NULL,
  UNIQUE (path, sha256)
);
CREATE INDEX inputs_sha ON inputs(sha256);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  dossier_code TEXT,
  unit_code TEXT,
  part TEXT CHECK (part IN ('ho-so','ket-qua')),
  name TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT 'ingested',
  status TEXT NOT NULL DEFAULT 'pending',
  reason TEXT,
  message TEXT,
  page_count INTEGER,
  doc_type TEXT,
  type_confidence REAL,
  needs_review INTEGER NOT NULL DEFAULT 0,
  metadata TEXT,
  work_dir TEXT,
  pdf_sha256 TEXT,
  signed_sha256 TEXT,
  archive_key TEXT,
  archived_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX documents_stage ON documents(status, stage);
CREATE INDEX documents_dossier ON documents(dossier_code, part);

-- input files of a document, in page order
CREATE TABLE document_inputs (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  input_id INTEGER NOT NULL REFERENCES inputs(id),
  seq INTEGER NOT NULL,
  PRIMARY KEY (document_id, seq)
);

CREATE TABLE pages (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  page_no INTEGER NOT NULL,
  width INTEGER,
  height INTEGER,
  dpi REAL,
  rotation INTEGER,
  skew REAL,
  blank INTEGER NOT NULL DEFAULT 0,
  low_dpi INTEGER NOT NULL DEFAULT 0,
  text TEXT,
  confidence REAL,
  words_path TEXT,
  PRIMARY KEY (document_id, page_no)
);
`;
