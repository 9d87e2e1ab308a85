import { recordText } from '../../domain/search-text.js';
import type { SearchIndex } from '../../ports/search-index.js';
import type { SqlDb } from './db.js';

/**
 * `search reindex` on either engine: every document's pages and record metadata, indexed again
 * from the catalog, one transaction per document. The engine tidies its index afterwards.
 */
export function reindexFromCatalog(
  db: SqlDb,
  index: Pick<SearchIndex, 'indexPages' | 'indexRecord'>,
  onProgress?: (done: number, total: number) => void,
): { documents: number; pages: number } {
  const docs = db.prepare('SELECT id, name, dossier_code AS "dossierCode", doc_type AS type, metadata FROM documents ORDER BY id').all() as Array<{
    id: number;
    name: string;
    dossierCode: string | null;
    type: string | null;
    metadata: string | null;
  }>;
  const pagesOf = db.prepare('SELECT page_no AS "pageNo", text FROM pages WHERE document_id = ? AND text IS NOT NULL ORDER BY page_no');
  let pages = 0;
  docs.forEach((d, i) => {
    const p = pagesOf.all(d.id) as Array<{ pageNo: number; text: string }>;
    pages += p.length;
    db.transaction(() => {
      index.indexPages(d.id, p);
      index.indexRecord(d.id, recordText(d));
    });
    onProgress?.(i + 1, docs.length);
  });
  return { documents: docs.length, pages };
}
