import { hasExact, parseQuery, snippet, tagTokens, type ParsedQuery } from '../../domain/search-text.js';
import { reindexFromCatalog } from '../sql/search-rebuild.js';
import type { SearchHit, SearchIndex, SearchQuery, SearchStats } from '../../ports/search-index.js';
import type { SqlDb } from '../sql/db.js';
import { matchQuery, rankQuery, wordVectors } from './search-words.js';

/**
 * Matches ranked per query, newest first, so that a word on nearly every page still answers in bounded
 * time. Smaller than SQLite's RANK_WINDOW (3000): ranking here unpacks each row's word list, about
 * 10 µs a row, where FTS5's bm25 reads posting lists (bench/search.ts, docs/search.md).
 */
export const PG_RANK_WINDOW = 1000;

type Row = Omit<SearchHit, 'exact' | 'snippet'> & { text: string };

/**
 * Search on PostgreSQL (DDL: migrations/search.ts). Each row of search_rows holds a page's text or a
 * document's record text, and its words twice as tsvectors (as written, and folded the Vietnamese
 * way) with the unit, dossier and type tags, each under a GIN index. A query asks one of the two with
 * every word and tag (`@@`, answered by the index alone), keeps the newest PG_RANK_WINDOW matching
 * rows, ranks them with ts_rank (how often the query's words appear) and keeps each document's best
 * row: one statement per form, so one round trip through the connection thread.
 */
export class PgSearchIndex implements SearchIndex {
  constructor(private readonly db: SqlDb) {}

  private tagsOf(documentId: number): string[] {
    const d = this.db.prepare('SELECT unit_code AS unit, dossier_code AS dossier, doc_type AS type FROM documents WHERE id = ?').get(documentId) as
      | { unit: string | null; dossier: string | null; type: string | null }
      | undefined;
    return d ? tagTokens(d) : [];
  }

  /** Inserts the non-blank texts in one statement. */
  private insert(documentId: number, rows: ReadonlyArray<{ pageNo: number | null; text: string }>, tags: string[]): void {
    const kept = rows.filter((r) => r.text.trim());
    if (!kept.length) return;
    const texts = kept.map((r) => r.text.normalize('NFC'));
    const vectors = texts.map((t) => wordVectors(t, tags));
    this.db
      .prepare(
        `INSERT INTO search_rows (document_id, page_no, text, tags, exact_words, folded_words)
         SELECT ?, p, t, ?, e, f FROM unnest(?::int[], ?::text[], ?::tsvector[], ?::tsvector[]) AS x(p, t, e, f)`,
      )
      .run(
        documentId,
        tags.join(' '),
        kept.map((r) => r.pageNo),
        texts,
        vectors.map((v) => v.exact),
        vectors.map((v) => v.folded),
      );
  }

  private remove(documentId: number, pages: boolean): void {
    this.db.prepare(`DELETE FROM search_rows WHERE document_id = ? AND page_no IS ${pages ? 'NOT ' : ''}NULL`).run(documentId);
  }

  /** Swaps the tag lexemes of a document's rows when its unit, dossier or type changed (e.g. after review). */
  private retag(documentId: number, tags: string[]): void {
    const fresh = tags.map((t) => `'#${t}'`).join(' ');
    this.db
      .prepare(
        `UPDATE search_rows SET tags = ?,
           exact_words = ts_delete(exact_words, old.lexemes) || ?::tsvector,
           folded_words = ts_delete(folded_words, old.lexemes) || ?::tsvector
         FROM (SELECT id, ARRAY(SELECT '#' || t FROM unnest(string_to_array(tags, ' ')) t) AS lexemes
               FROM search_rows WHERE document_id = ? AND tags <> ?) old
         WHERE search_rows.id = old.id`,
      )
      .run(tags.join(' '), fresh, fresh, documentId, tags.join(' '));
  }

  indexPages(documentId: number, pages: ReadonlyArray<{ pageNo: number; text: string }>): void {
    this.db.transaction(() => {
      const tags = this.tagsOf(documentId);
      this.remove(documentId, true);
      this.insert(documentId, pages, tags);
    });
  }

  indexRecord(documentId: number, text: string): void {
    this.db.transaction(() => {
      const tags = this.tagsOf(documentId);
      this.remove(documentId, false);
      this.retag(documentId, tags);
      this.insert(documentId, [{ pageNo: null, text }], tags);
    });
  }

  removeDocument(documentId: number): void {
    this.db.prepare('DELETE FROM search_rows WHERE document_id = ?').run(documentId);
  }

  /**
   * Each document's best row among the newest PG_RANK_WINDOW rows matching every word (in `form`) and
   * tag, best first, with the document's columns. The plan is pinned, because the planner's guesses
   * go wrong both ways on common words:
   * - `id + 0`: the matches come from the GIN index, never from walking the primary key backwards
   *   and unpacking every row's word list to test it;
   * - the window carries no word lists (sorting thousands of matches stays small), and each window
   *   row's list is read by id in a scalar subquery to rank it, never by a hash join over the table.
   */
  private ranked(parsed: ParsedQuery, form: 'exact' | 'folded', q: SearchQuery, tags: string[], skip: number[], n: number): Array<Row & { score: number }> {
    const column = form === 'exact' ? 'exact_words' : 'folded_words';
    const where: string[] = [];
    const params: unknown[] = [matchQuery(parsed, form, tags), skip];
    const day = `coalesce((SELECT received_date FROM dossiers WHERE code = d.dossier_code), substr(d.created_at, 1, 10))`;
    if (q.from) (where.push(`${day} >= ?`), params.push(q.from));
    if (q.to) (where.push(`${day} <= ?`), params.push(q.to));
    const join = where.length ? ' JOIN documents d ON d.id = r.document_id' : '';
    return this.db
      .prepare(
        `WITH matched AS MATERIALIZED (
           SELECT r.id, r.document_id, r.page_no FROM search_rows r${join}
           WHERE r.${column} @@ ?::tsquery AND r.document_id <> ALL(?::bigint[])${where.map((w) => ' AND ' + w).join('')}
           ORDER BY r.id + 0 DESC LIMIT ?
         ), ranked AS MATERIALIZED (
           SELECT m.*, ts_rank((SELECT w.${column} FROM search_rows w WHERE w.id = m.id), ?::tsquery) AS score FROM matched m
         ), best AS (
           SELECT DISTINCT ON (document_id) * FROM ranked ORDER BY document_id, score DESC, id DESC
         ), top AS (
           SELECT * FROM best ORDER BY score DESC, id DESC LIMIT ?
         )
         SELECT t.score, t.page_no AS "pageNo", (SELECT w.text FROM search_rows w WHERE w.id = t.id) AS text,
                d.id AS "documentId", d.uid, d.name, d.dossier_code AS "dossierCode", d.unit_code AS "unitCode", d.doc_type AS type, d.status
         FROM top t JOIN documents d ON d.id = t.document_id
         ORDER BY t.score DESC, t.id DESC`,
      )
      .all(...params, PG_RANK_WINDOW, rankQuery(parsed, form), n) as Array<Row & { score: number }>;
  }

  private hits(rows: Array<Row & { score: number }>, parsed: ParsedQuery): SearchHit[] {
    return rows.map(({ text, score, ...rest }) => ({
      ...rest,
      documentId: Number(rest.documentId),
      score: Math.round(score * 10000) / 10000,
      exact: parsed.marked ? hasExact(text, parsed) : true,
      snippet: snippet(text, parsed),
    }));
  }

  search(q: SearchQuery): SearchHit[] {
    const parsed = parseQuery(q.text);
    if (!parsed.folded.length) return [];
    const limit = Math.max(1, Math.min(q.limit ?? 20, 500));
    const tags = tagTokens({ unit: q.unit, dossier: q.dossier, type: q.type });
    // The planner prices testing a word list at next to nothing, so for a common word it reads every
    // row of the table and unpacks its list (10× slower than the GIN index, whose answer needs no
    // recheck). Off for these statements only: SET LOCAL ends with the transaction, RESET when we are inside another.
    const nested = this.db.inTransaction;
    return this.db.transaction(() => {
      this.db.exec('SET LOCAL enable_seqscan = off');
      try {
        return this.find(parsed, q, limit, tags);
      } finally {
        if (nested) this.db.exec('RESET enable_seqscan');
      }
    });
  }

  private find(parsed: ParsedQuery, q: SearchQuery, limit: number, tags: string[]): SearchHit[] {
    // A query with diacritics lists the exact spelling first: those documents are asked for first,
    // in the exact words, and the folded words fill what is left (as on SQLite).
    const hits = parsed.marked ? this.hits(this.ranked(parsed, 'exact', q, tags, [], limit), parsed) : [];
    if (hits.length < limit) {
      const seen = hits.map((h) => h.documentId);
      hits.push(...this.hits(this.ranked(parsed, 'folded', q, tags, seen, limit - hits.length), parsed));
    }
    if (parsed.marked) hits.sort((a, b) => Number(b.exact) - Number(a.exact) || b.score - a.score);
    return hits;
  }

  rebuild(onProgress?: (done: number, total: number) => void): { documents: number; pages: number } {
    const done = reindexFromCatalog(this.db, this, onProgress);
    // A backfill leaves the words in the GIN pending lists, which every query scans: merge them into
    // the indexes, and give the planner fresh statistics.
    try {
      this.db.exec(`SELECT gin_clean_pending_list('search_rows_exact'), gin_clean_pending_list('search_rows_folded')`);
    } catch (err) {
      // Only the tables' owner may; another role leaves it to autovacuum.
      if ((err as { code?: string }).code !== '42501') throw err;
    }
    this.db.exec('ANALYZE search_rows');
    return done;
  }

  stats(): SearchStats {
    const s = this.db
      .prepare(`SELECT count(*) AS rows, count(DISTINCT document_id) AS documents, pg_total_relation_size('search_rows') AS bytes FROM search_rows`)
      .get() as SearchStats;
    return { rows: Number(s.rows), documents: Number(s.documents), bytes: s.bytes === null ? null : Number(s.bytes) };
  }
}
