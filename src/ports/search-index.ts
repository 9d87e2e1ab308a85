/**
 * Full-text search over OCR page text and record metadata. SQLite implements it with FTS5
 * (src/adapters/sqlite/search.ts); a PostgreSQL catalog can implement the same port with its
 * own full-text search or pg_trgm, and pass the same contract test.
 *
 * Matching is diacritic-insensitive the Vietnamese way ("ho so" finds "hồ sơ", "d" finds "đ");
 * a query written with diacritics ranks the exact spelling first.
 */

export interface SearchQuery {
  text: string;
  /** Receiving unit code (GSO), exactly. */
  unit?: string;
  /** Document type id, e.g. quyet-dinh. */
  type?: string;
  dossier?: string;
  /** Inclusive YYYY-MM-DD bounds on the dossier's received date (the document's own date when it has none). */
  from?: string;
  to?: string;
  limit?: number;
}

export interface SearchHit {
  documentId: number;
  uid: string;
  name: string;
  dossierCode: string | null;
  unitCode: string | null;
  type: string | null;
  status: string;
  /** The best page, or null when the record metadata matched. */
  pageNo: number | null;
  /** Higher is better. */
  score: number;
  /** Every query word appears with the query's own diacritics. */
  exact: boolean;
  /** A short excerpt with the matched words in «…». */
  snippet: string;
}

export interface SearchStats {
  rows: number;
  documents: number;
  /** Bytes used by the index and its text, where the engine can tell. */
  bytes: number | null;
}

export interface SearchIndex {
  /** Replaces the indexed pages of a document (called where OCR records its pages). */
  indexPages(documentId: number, pages: ReadonlyArray<{ pageNo: number; text: string }>): void;
  /** Replaces the indexed record metadata of a document (type, numbers, agency, subject, …). */
  indexRecord(documentId: number, text: string): void;
  removeDocument(documentId: number): void;
  search(q: SearchQuery): SearchHit[];
  /** Rebuilds the index from the catalog's pages and metadata (for catalogs made before search). */
  rebuild(onProgress?: (done: number, total: number) => void): { documents: number; pages: number };
  stats(): SearchStats;
}
