import { foldAligned, foldText } from '../stages/classify/normalize.js';

/**
 * Text helpers for search, shared by every engine: the folded form that is indexed, the
 * query's words in both forms, and snippets. Folding is foldText's (đ → d, marks and case off).
 */

const WORD = /[\p{L}\p{N}]+/gu;

export interface ParsedQuery {
  /** Folded words: what must match. */
  folded: string[];
  /** The words as typed (NFC, lower case); used to rank the exact spelling first. */
  exact: string[];
  /** The query carries diacritics (or đ), so exact spellings should rank first. */
  marked: boolean;
}

export function indexForm(text: string): { exact: string; folded: string } {
  const exact = text.normalize('NFC');
  return { exact, folded: foldText(exact) };
}

export function parseQuery(text: string): ParsedQuery {
  const exact = (text.normalize('NFC').toLowerCase().match(WORD) ?? []).slice(0, 16);
  const folded = exact.map((w) => foldText(w)).filter(Boolean);
  return { folded, exact, marked: exact.some((w, i) => w !== folded[i]) };
}

/** What a search can filter on inside the index itself (receiving unit, dossier, type). */
export interface SearchTags {
  unit?: string | null;
  dossier?: string | null;
  type?: string | null;
}

/**
 * Filters as index tokens, so that the engine intersects them with the words instead of
 * checking every matching page against the documents table: `u`, `d` or `t`, then the value in
 * hex (one letters-and-digits token whatever the code's punctuation; exact, case included).
 */
export function tagTokens(t: SearchTags): string[] {
  const hex = (v: string) => Buffer.from(v, 'utf8').toString('hex');
  return [t.unit ? 'u' + hex(t.unit) : '', t.dossier ? 'd' + hex(t.dossier) : '', t.type ? 't' + hex(t.type) : ''].filter(Boolean);
}

/** `"a" "b"` quoted for FTS5 (a word can never break out of its quotes). */
const quote = (w: string) => `"${w.replace(/"/g, '""')}"`;

/**
 * FTS5 query: every word in one column (folded: "ho so" finds every spelling; exact: only the
 * spelling typed), and every filter tag. One column per query on purpose: FTS5's bm25 reads the
 * whole posting list of each word of the query once, so each word is asked for once.
 */
export function ftsQuery(q: ParsedQuery, column: 'folded' | 'exact' = 'folded', tags: string[] = []): string {
  // A word typed twice is one condition, and one posting list for bm25 to count.
  const words = [...new Set(column === 'folded' ? q.folded : q.exact)];
  const match = `{${column}} : (${words.map(quote).join(' AND ')})`;
  return tags.length ? `${match} AND {tags} : (${tags.map(quote).join(' AND ')})` : match;
}

/** True when every query word appears, spelt as typed, in the text. */
export function hasExact(text: string, q: ParsedQuery): boolean {
  const words = new Set(text.normalize('NFC').toLowerCase().match(WORD) ?? []);
  return q.exact.every((w) => words.has(w));
}

/** Up to `width` characters around the first matched word, with every matched word in «…». */
export function snippet(text: string, q: ParsedQuery, width = 160): string {
  const { original, folded } = foldAligned(text);
  const wanted = new Set(q.folded);
  const spans: Array<[number, number]> = [];
  for (const m of folded.matchAll(/[a-z0-9]+/g)) {
    if (wanted.has(m[0])) spans.push([m.index, m.index + m[0].length]);
  }
  const first = spans[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  while (start > 0 && /\S/.test(original[start - 1]!)) start -= 1; // do not cut a word
  const end = Math.min(original.length, start + width);
  let out = '';
  let at = start;
  for (const [a, b] of spans) {
    if (a < start || b > end) continue;
    out += original.slice(at, a) + '«' + original.slice(a, b) + '»';
    at = b;
  }
  out += original.slice(at, end);
  return (start > 0 ? '…' : '') + out.replace(/\s+/g, ' ').trim() + (end < original.length ? '…' : '');
}

/** Every string value of a metadata object (Annex VI fields, nested or as {value, confidence}). */
/** Bookkeeping in the metadata (where a value came from, review findings): not words of the record. */
const NOT_RECORD_TEXT = new Set(['source', 'via', 'timeSource', 'textSource', 'reviewReasons', 'notes']);

export function metadataText(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return value.trim() ? [value] : [];
  if (typeof value === 'number') return [];
  if (!value || typeof value !== 'object' || depth > 4) return [];
  const vals = Array.isArray(value) ? value : Object.entries(value as Record<string, unknown>).filter(([k]) => !NOT_RECORD_TEXT.has(k)).map(([, v]) => v);
  return vals.flatMap((v) => metadataText(v, depth + 1));
}

/** What a document's record says, as searchable text: name, dossier, type and every metadata value. */
export function recordText(d: { name: string; dossierCode: string | null; type: string | null; metadata: unknown }): string {
  let meta: unknown = d.metadata;
  if (typeof meta === 'string') {
    try {
      meta = (JSON.parse(meta) as { metadata?: unknown }).metadata;
    } catch {
      meta = undefined;
    }
  }
  return [d.name, d.dossierCode, d.type, ...metadataText(meta)].filter(Boolean).join('\n');
}
