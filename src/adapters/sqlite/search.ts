import { ftsQuery, hasExact, indexForm, parseQuery, snippet, tagTokens, type ParsedQuery } from '../../domain/search-text.js';
import { reindexFromCatalog } from '../sql/search-rebuild.js';
import { SqliteDb } from './open.js';
import type { SearchHit, SearchIndex, SearchQuery, SearchStats } from '../../ports/search-index.js';
import type { Db } from './open.js';

/** A matched row as the query reads it: the hit's fields before the snippet is made. */
type Row = Omit<SearchHit, 'exact' | 'snippet'> & { rowId: number; text: string };

/** Matches ranked per query, newest first (see ranked()): exact below this many matches. */
export const RANK_WINDOW = 3000;

/**
 * Search over SQLite FTS5 (migrations 0009, 0010): `search_rows` keeps each page's text and each
 * document's metadata text; `search_fts` (contentless) indexes it as written, folded, and with
 * the document's unit, dossier and type as filter tokens.
 */
export class SqliteSearchIndex implements SearchIndex {
  private mapped = false;

  constructor(private readonly db: Db) {}

  private tagsOf(documentId: number): string {
    const d = this.db.prepare('SELECT unit_code AS unit, dossier_code AS dossier, doc_type AS type FROM documents WHERE id = ?').get(documentId) as
      | { unit: string | null; dossier: string | null; type: string | null }
      | undefined;
    return d ? tagTokens(d).join(' ') : '';
  }

  private insert(documentId: number, pageNo: number | null, text: string, tags: string): void {
    if (!text.trim()) return;
    const { exact, folded } = indexForm(text);
    const id = Number(this.db.prepare('INSERT INTO search_rows (document_id, page_no, text, tags) VALUES (?, ?, ?, ?)').run(documentId, pageNo, exact, tags).lastInsertRowid);
    this.db.prepare('INSERT INTO search_fts (rowid, exact, folded, tags) VALUES (?, ?, ?, ?)').run(id, exact, folded, tags);
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

  /** Rewrites the tags of a document's rows when its unit, dossier or type changed (e.g. after review). */
  private retag(documentId: number, tags: string): void {
    const stale = this.db.prepare('SELECT id, text FROM search_rows WHERE document_id = ? AND tags <> ?').all(documentId, tags) as Array<{ id: number; text: string }>;
    for (const r of stale) {
      this.db.prepare('DELETE FROM search_fts WHERE rowid = ?').run(r.id);
      this.db.prepare('INSERT INTO search_fts (rowid, exact, folded, tags) VALUES (?, ?, ?, ?)').run(r.id, r.text, indexForm(r.text).folded, tags);
      this.db.prepare('UPDATE search_rows SET tags = ? WHERE id = ?').run(tags, r.id);
    }
  }

  indexPages(documentId: number, pages: ReadonlyArray<{ pageNo: number; text: string }>): void {
    this.db.transaction(() => {
      const tags = this.tagsOf(documentId);
      this.remove(documentId, true);
      for (const p of pages) this.insert(documentId, p.pageNo, p.text, tags);
    })();
  }

  indexRecord(documentId: number, text: string): void {
    this.db.transaction(() => {
      const tags = this.tagsOf(documentId);
      this.remove(documentId, false);
      this.retag(documentId, tags);
      this.insert(documentId, null, text, tags);
    })();
  }

  removeDocument(documentId: number): void {
    this.db.transaction(() => {
      this.remove(documentId, true);
      this.remove(documentId, false);
    })();
  }

  /**
   * The best rows (bm25) among the newest RANK_WINDOW rows matching `match`. bm25 costs a little
   * for every matching row it scores, so a word found on nearly every page still answers in
   * bounded time; the date filter, the one not in the index, is checked on those rows only.
   */
  private ranked(match: string, q: SearchQuery, n: number): Array<{ rowId: number; score: number }> {
    const where: string[] = [];
    const params: unknown[] = [match];
    const day = `coalesce((SELECT received_date FROM dossiers WHERE code = d.dossier_code), substr(d.created_at, 1, 10))`;
    if (q.from) (where.push(`${day} >= ?`), params.push(q.from));
    if (q.to) (where.push(`${day} <= ?`), params.push(q.to));
    const join = where.length ? ' JOIN search_rows r ON r.id = search_fts.rowid JOIN documents d ON d.id = r.document_id' : '';
    return this.db
      .prepare(
        `SELECT rowId, score FROM (
           SELECT search_fts.rowid AS rowId, -bm25(search_fts, 1, 1, 0) AS score FROM search_fts${join}
           WHERE search_fts MATCH ?${where.map((w) => ' AND ' + w).join('')}
           ORDER BY search_fts.rowid DESC LIMIT ?)
         ORDER BY score DESC LIMIT ?`,
      )
      .all(...params, RANK_WINDOW, n) as Array<{ rowId: number; score: number }>;
  }

  /** One hit per document, from rows best first; text and document columns for these rows only. */
  private hits(rows: Array<{ rowId: number; score: number }>, parsed: ParsedQuery, limit: number, seen: Set<number>): SearchHit[] {
    const detail = this.db.prepare(
      `SELECT r.page_no AS pageNo, r.text, d.id AS documentId, d.uid, d.name, d.dossier_code AS dossierCode,
              d.unit_code AS unitCode, d.doc_type AS type, d.status
       FROM search_rows r JOIN documents d ON d.id = r.document_id WHERE r.id = ?`,
    );
    const hits: SearchHit[] = [];
    for (const x of rows) {
      if (hits.length >= limit) break;
      const r = detail.get(x.rowId) as Omit<Row, 'rowId' | 'score'> | undefined;
      if (!r || seen.has(r.documentId)) continue;
      seen.add(r.documentId);
      const { text, ...rest } = r;
      hits.push({ ...rest, score: Math.round(x.score * 1000) / 1000, exact: parsed.marked ? hasExact(text, parsed) : true, snippet: snippet(text, parsed) });
    }
    return hits;
  }

  search(q: SearchQuery): SearchHit[] {
    const parsed = parseQuery(q.text);
    if (!parsed.folded.length) return [];
    if (!this.mapped) {
      // Queries read the index pages at random: map them rather than copy them through the page cache.
      this.db.pragma('mmap_size = 1073741824');
      this.mapped = true;
    }
    const limit = Math.max(1, Math.min(q.limit ?? 20, 500));
    const tags = tagTokens({ unit: q.unit, dossier: q.dossier, type: q.type });
    // Several pages of one document may match: take a few rows more and keep each document's best.
    const seen = new Set<number>();
    // A query with diacritics lists the exact spelling first: those documents are asked for first,
    // in the exact column, and the folded column fills what is left.
    const hits = parsed.marked ? this.hits(this.ranked(ftsQuery(parsed, 'exact', tags), q, limit * 4), parsed, limit, seen) : [];
    if (hits.length < limit) hits.push(...this.hits(this.ranked(ftsQuery(parsed, 'folded', tags), q, limit * 4), parsed, limit - hits.length, seen));
    if (parsed.marked) hits.sort((a, b) => Number(b.exact) - Number(a.exact) || b.score - a.score);
    return hits;
  }

  rebuild(onProgress?: (done: number, total: number) => void): { documents: number; pages: number } {
    const done = reindexFromCatalog(new SqliteDb(this.db), this, onProgress);
    // One b-tree instead of the many segments a backfill leaves: fewer pages read per query.
    this.db.exec(`INSERT INTO search_fts (search_fts) VALUES ('optimize')`);
    return done;
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
