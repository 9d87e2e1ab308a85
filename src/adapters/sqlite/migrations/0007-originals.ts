/**
 * Record fidelity (issue 16). Identical bytes never drop a reference: an input row is one path's
 * content, and any number of documents reference it through document_inputs (its document_id is
 * only the first). Inputs that 0002-era ingest set aside as `duplicate` become ordinary inputs, so
 * the next ingest creates the documents it dropped. A path whose content changed is a new
 * version of its document: `version` counts from 1 and `previous_id` points at the version before.
 */
export default `
UPDATE inputs SET status = 'registered', duplicate_of = NULL, reason = NULL, message = NULL WHERE status = 'duplicate';
ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN previous_id INTEGER REFERENCES documents(id);
CREATE INDEX documents_name ON documents(dossier_code, part, name);
CREATE INDEX document_inputs_input ON document_inputs(input_id);
`;
