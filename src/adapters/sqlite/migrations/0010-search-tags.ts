/**
 * Search speed (issue 13 bench): the filters --unit, --dossier and --type become tokens of a
 * third FTS5 column, `tags` (see tagTokens in src/domain/search-text.ts), so FTS5 intersects them
 * with the words instead of each matching page being checked against documents; search_rows keeps
 * each row's tags, to rewrite them when a document's type changes.
 *
 * The index is rebuilt here from search_rows, with sohoa_fold and sohoa_search_tags (registered by
 * openDatabase), then merged into one b-tree ('optimize'). `sohoa search reindex` still rebuilds
 * it from the pages and metadata.
 */
export default `
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(exact, folded, tags, content='', contentless_delete=1,
  tokenize='unicode61 remove_diacritics 0');
ALTER TABLE search_rows ADD COLUMN tags TEXT NOT NULL DEFAULT '';
UPDATE search_rows SET tags = coalesce((SELECT sohoa_search_tags(d.unit_code, d.dossier_code, d.doc_type)
  FROM documents d WHERE d.id = search_rows.document_id), '');
INSERT INTO search_fts (rowid, exact, folded, tags) SELECT id, text, sohoa_fold(text), tags FROM search_rows;
INSERT INTO search_fts (search_fts) VALUES ('optimize');
`;
