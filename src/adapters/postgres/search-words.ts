import { foldText } from '../../stages/classify/normalize.js';
import type { ParsedQuery } from '../../domain/search-text.js';

/**
 * Word lists for PostgreSQL search, made here rather than by to_tsvector: PostgreSQL's parser reads
 * "D-5", "scan.pdf" or an e-mail as one token, the query side (parseQuery) splits on anything that is
 * not a letter or digit, and the two must agree. Lexemes are quoted tsvector/tsquery literals.
 */
const WORD = /[\p{L}\p{N}]+/gu;
/** tsvector limits: positions above 16383 are clamped, 256 positions per lexeme, 2 KiB per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;
const MAX_WORD = 200;

/** A lexeme as a quoted literal (our words never hold quotes or backslashes; tags neither, but be safe). */
const lexeme = (w: string) => `'${w.replace(/[\\']/g, (c) => '\\' + c)}'`;

/** Filter tags (tagTokens) as lexemes: '#' keeps them apart from words, which are letters and digits only. */
const tagLexemes = (tags: string[]) => tags.map((t) => '#' + t);

function vector(words: Map<string, number[]>, tags: string[]): string {
  const parts: string[] = [];
  for (const [w, positions] of words) parts.push(`${lexeme(w)}:${positions.join(',')}`);
  for (const t of tagLexemes(tags)) parts.push(lexeme(t));
  return parts.join(' ');
}

/** The row's words as written (NFC, lower case) and folded, each with its positions, plus the tags. */
export function wordVectors(text: string, tags: string[]): { exact: string; folded: string } {
  const exact = new Map<string, number[]>();
  const folded = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, w: string, pos: number) => {
    const list = m.get(w);
    if (!list) m.set(w, [pos]);
    else if (list.length < MAX_POSITIONS) list.push(pos);
  };
  let pos = 0;
  for (const w of text.normalize('NFC').toLowerCase().match(WORD) ?? []) {
    if (w.length > MAX_WORD) continue; // OCR noise, and PostgreSQL refuses lexemes over 2 KiB
    pos = Math.min(pos + 1, MAX_POSITION);
    add(exact, w, pos);
    // Folded as parseQuery folds a query word: the whole word at once.
    const f = foldText(w);
    if (f) add(folded, f, pos);
  }
  return { exact: vector(exact, tags), folded: vector(folded, tags) };
}

/** Every word of the query (once) and every tag: what a row must hold to match. */
export function matchQuery(q: ParsedQuery, form: 'exact' | 'folded', tags: string[]): string {
  const words = [...new Set(form === 'exact' ? q.exact : q.folded)];
  return [...words, ...tagLexemes(tags)].map(lexeme).join(' & ');
}

/** Any word of the query: ts_rank then counts how often each appears, so more matches rank higher. */
export function rankQuery(q: ParsedQuery, form: 'exact' | 'folded'): string {
  return [...new Set(form === 'exact' ? q.exact : q.folded)].map(lexeme).join(' | ');
}
