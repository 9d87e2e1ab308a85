import { ftsQuery, hasExact, indexForm, parseQuery, recordText, snippet } from '../../domain/search-text.js';
import type { SearchHit, SearchIndex, SearchQuery, SearchStats } from '../../ports/search-index.js';
import type { Db } from './open.js';

interface Row {
  rowId: number;
  score: number;
  pageNo: number | null;
  text: string;
  documentId: number;
  uid: string;
  name: string;
  dossierCode: string | null;
  unitCode: string | null;
  type: string | null;
  status: string;
}

/** The exact spelling counts this many times a folded match (bm25 column weights). */
const EXACT_WEIGHT = 4;
/** Matches ranked per query, newest first (see search()): exact below this many matches. */
export const RANK_WINDOW = 3000;

/**
 * Search over SQLite FTS5 (migration 0009): `search_rows` keeps each page's text and each
 * document's metadata text; `search_fts` (contentless) indexes it as written and folded.
 */
export class SqliteSearchIndex implements SearchIndex {
  constructor(private readonly db: Db) {}

  private insert(documentId: number, pageNo: number | null, text: string): void {
    if (!text.trim()) return;
    const { exact, folded } = indexForm(text);
    const id = Number(this.db.prepare('INSERT INTO search_rows (document_id, page_no, text) VALUES (?, ?, ?)').run(documentId, pageNo, exact).lastInsertRowid);
    this.db.prepare('INSERT INTO search_fts (rowid, exact, folded) VALUES (?, ?, ?)').run(id, exact, folded);
  }

  private remove(documentId: number, pages: boolean): void {
    const ids = this.db
      .prepare(`SELECT id FROM search_rows WHERE document_id = ? AND page_no IS ${pages ? 'NOT ' : ''}NULL`)
      .pluck()
      .all(documentId) as number[];
    const delFts = this.db.prepare('DELETE FROM search_fts WHERE rowid = ?');
    const delRow = this.db.prepare('DELETE FROM search_rows WHERE id = ?');
    for (const id of ids) {
      delFts.run(id);
      delRow.run(id);
    }
  }

  indexPages(documentId: number, pages: ReadonlyArray<{ pageNo: number; text: string }>): void {
    this.db.transaction(() => {
      this.remove(documentId, true);
      for (const p of pages) this.insert(documentId, p.pageNo, p.text);
    })();
  }

  indexRecord(documentId: number, text: string): void {
    this.db.transaction(() => {
      this.remove(documentId, false);
      this.insert(documentId, null, text);
    })();
  }

  removeDocument(documentId: number): void {
    this.db.transaction(() => {
      this.remove(documentId, true);
      this.remove(documentId, false);
    })();
  }

  search(q: SearchQuery): SearchHit[] {
    const parsed = parseQuery(q.text);
    if (!parsed.folded.length) return [];
    const limit = Math.max(1, Math.min(q.limit ?? 20, 500));
    const where: string[] = [];
    const params: unknown[] = [ftsQuery(parsed)];
    if (q.unit) (where.push('d.unit_code = ?'), params.push(q.unit));
    if (q.type) (where.push('d.doc_type = ?'), params.push(q.type));
    if (q.dossier) (where.push('d.dossier_code = ?'), params.push(q.dossier));
    const day = `coalesce((SELECT received_date FROM dossiers WHERE code = d.dossier_code), substr(d.created_at, 1, 10))`;
    if (q.from) (where.push(`${day} >= ?`), params.push(q.from));
    if (q.to) (where.push(`${day} <= ?`), params.push(q.to));
    // Several pages of one document may match: take a few rows more and keep each document's best.
    params.push(limit * 4);
    // bm25 costs a little for every matching row: ranking is exact among the newest RANK_WINDOW (3,000)
    // matches, so a word found on nearly every page still answers in bounded time.
    params.splice(params.length - 1, 0, RANK_WINDOW);
    const join = where.length ? ' JOIN search_rows r ON r.id = search_fts.rowid JOIN documents d ON d.id = r.document_id' : '';
    const ranked = this.db
      .prepare(
        `SELECT rowId, score FROM (
           SELECT search_fts.rowid AS rowId, -bm25(search_fts, ${EXACT_WEIGHT}, 1) AS score FROM search_fts${join}
           WHERE search_fts MATCH ?${where.length ? ' AND ' + where.join(' AND ') : ''}
           ORDER BY search_fts.rowid DESC LIMIT ?)
         ORDER BY score DESC LIMIT ?`,
      )
      .all(...params) as Array<{ rowId: number; score: number }>;
    // Text and document columns only for the few rows kept.
    const detail = this.db.prepare(
      `SELECT r.page_no AS pageNo, r.text, d.id AS documentId, d.uid, d.name, d.dossier_code AS dossierCode,
              d.unit_code AS unitCode, d.doc_type AS type, d.status
       FROM search_rows r JOIN documents d ON d.id = r.document_id WHERE r.id = ?`,
    );
    const rows = ranked.map((x) => ({ ...(detail.get(x.rowId) as Omit<Row, 'rowId' | 'score'>), rowId: x.rowId, score: x.score }));
    const seen = new Set<number>();
    const hits: SearchHit[] = [];
    for (const r of rows) {
      if (seen.has(r.documentId)) continue;
      seen.add(r.documentId);
      const { text, rowId: _rowId, ...rest } = r;
      hits.push({ ...rest, score: Math.round(r.score * 1000) / 1000, exact: parsed.marked ? hasExact(text, parsed) : true, snippet: snippet(text, parsed) });
      if (hits.length >= limit) break;
    }
    // bm25 already weighs exact spellings up; a query with diacritics puts them strictly first.
    if (parsed.marked) hits.sort((a, b) => Number(b.exact) - Number(a.exact) || b.score - a.score);
    return hits;
  }

  rebuild(onProgress?: (done: number, total: number) => void): { documents: number; pages: number } {
    const docs = this.db.prepare('SELECT id, uid, name, dossier_code AS dossierCode, doc_type AS type, metadata FROM documents ORDER BY id').all() as Array<{
      id: number;
      uid: string;
      name: string;
      dossierCode: string | null;
      type: string | null;
      metadata: string | null;
    }>;
    const pagesOf = this.db.prepare('SELECT page_no AS pageNo, text FROM pages WHERE document_id = ? AND text IS NOT NULL ORDER BY page_no');
    let pages = 0;
    docs.forEach((d, i) => {
      const p = pagesOf.all(d.id) as Array<{ pageNo: number; text: string }>;
      pages += p.length;
      this.db.transaction(() => {
        this.indexPages(d.id, p);
        this.indexRecord(d.id, recordText(d));
      })();
      onProgress?.(i + 1, docs.length);
    });
    return { documents: docs.length, pages };
  }

  stats(): SearchStats {
    const rows = this.db.prepare('SELECT count(*) FROM search_rows').pluck().get() as number;
    const documents = this.db.prepare('SELECT count(DISTINCT document_id) FROM search_rows').pluck().get() as number;
    let bytes: number | null = null;
    try {
      bytes = this.db
        .prepare(`SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%' OR name IN ('search_rows', 'search_rows_doc')`)
        .pluck()
        .get() as number;
    } catch {
      bytes = null; // dbstat is not compiled in
    }
    return { rows, documents, bytes };
  }
}
