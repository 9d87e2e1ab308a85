/**
 * The review gate, sidecar versions and full-text search.
 *
 * - documents.status may now be 'review': held before signing until a person decides;
 *   review_reasons (JSON array) says why. sidecar_outdated = 1: an archived document whose
 *   catalog record changed after review and whose new sidecar version is still to be written.
 * - classification_reviews.action: 'set' (a person chose the type) or 'accept' (kept the machine's).
 * - archived_objects.version: 1 for the first sidecar, n for `<key>.vN.json` written after review.
 * - document_events: when a document reached each stage or status (kept by triggers, so every
 *   writer of documents is covered), for `sohoa documents show`.
 * - search_rows holds the text of every OCR page and of each document's record metadata;
 *   search_fts indexes it twice, as written and folded the Vietnamese way (đ → d, no marks).
 */
export default `
ALTER TABLE documents ADD COLUMN review_reasons TEXT;
ALTER TABLE documents ADD COLUMN sidecar_outdated INTEGER NOT NULL DEFAULT 0;
CREATE INDEX documents_review ON documents(status) WHERE status = 'review';
ALTER TABLE classification_reviews ADD COLUMN action TEXT NOT NULL DEFAULT 'set';
ALTER TABLE archived_objects ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE document_events (
  document_id INTEGER NOT NULL,
  what TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX document_events_doc ON document_events(document_id);
CREATE TRIGGER documents_event_insert AFTER INSERT ON documents BEGIN
  INSERT INTO document_events (document_id, what, at) VALUES (NEW.id, NEW.stage, NEW.created_at);
END;
CREATE TRIGGER documents_event_stage AFTER UPDATE OF stage ON documents WHEN NEW.stage IS NOT OLD.stage BEGIN
  INSERT INTO document_events (document_id, what, at) VALUES (NEW.id, NEW.stage, NEW.updated_at);
END;
CREATE TRIGGER documents_event_status AFTER UPDATE OF status ON documents WHEN NEW.status IS NOT OLD.status BEGIN
  INSERT INTO document_events (document_id, what, at) VALUES (NEW.id, 'status ' || NEW.status, NEW.updated_at);
END;

CREATE TABLE search_rows (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL,
  page_no INTEGER,
  text TEXT NOT NULL
);
CREATE INDEX search_rows_doc ON search_rows(document_id);
CREATE VIRTUAL TABLE search_fts USING fts5(exact, folded, content='', contentless_delete=1,
  tokenize='unicode61 remove_diacritics 0');
`;
