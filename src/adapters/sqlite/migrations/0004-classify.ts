/**
 * Human review of document types. The machine's decision lives in documents.doc_type,
 * type_confidence, needs_review and metadata (0002); a row here overrides it and is kept
 * as a labelled example for `sohoa classify train --include-reviews`.
 */
export default `
CREATE TABLE classification_reviews (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id),
  doc_type TEXT NOT NULL,
  machine_type TEXT,
  machine_confidence REAL,
  reviewer TEXT,
  note TEXT,
  decided_at TEXT NOT NULL
);
CREATE INDEX documents_needs_review ON documents(needs_review) WHERE needs_review = 1;
`;
