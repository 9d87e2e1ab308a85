/**
 * Approximate substring matching (Sellers' algorithm): the smallest edit distance between a
 * pattern and any substring of a text. Used on compacted folded text, so "QUYẾT ĐlNH",
 * "Quyet  dinh" and "Quyết lịnh" all match "quyetdinh" within one or two edits.
 */

/** Edits a phrase of this many characters may absorb and still count as present. */
export function allowedEdits(length: number): number {
  if (length < 5) return 0;
  if (length < 9) return 1;
  if (length < 15) return 2;
  return 3;
}

export interface FuzzyHit {
  distance: number;
  /** Offset in the text just after the best match. */
  end: number;
}

/** A pattern prepared once for many searches (the rules compile theirs at load time). */
export interface FuzzyPattern {
  text: string;
  /** Myers' match masks by character code, for patterns of up to 32 characters of [0-9a-z]. */
  peq?: Int32Array;
}

export function compilePattern(text: string): FuzzyPattern {
  if (text.length > 32 || !/^[0-9a-z]*$/.test(text)) return { text };
  const peq = new Int32Array(128);
  for (let i = 0; i < text.length; i++) peq[text.charCodeAt(i)]! |= 1 << i;
  return { text, peq };
}

/** Best match of `pattern` anywhere in `text`, or undefined when none is within `maxEdits`. */
export function fuzzyFind(pattern: string | FuzzyPattern, text: string, maxEdits?: number): FuzzyHit | undefined {
  const p = typeof pattern === 'string' ? compilePattern(pattern) : pattern;
  const m = p.text.length;
  if (m === 0) return undefined;
  const k = maxEdits ?? allowedEdits(m);
  const exact = text.indexOf(p.text);
  if (exact >= 0) return { distance: 0, end: exact + m };
  if (k === 0) return undefined;
  return p.peq ? myers(p.peq, m, text, k) : sellers(p.text, text, k);
}

/**
 * Myers' bit-parallel version of the same search, for patterns of up to 32 characters:
 * one pass over the text with a few word operations per character.
 */
function myers(peq: Int32Array, m: number, text: string, maxEdits: number): FuzzyHit | undefined {
  const high = 1 << (m - 1);
  let pv = -1;
  let mv = 0;
  let score = m;
  let best: FuzzyHit | undefined;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    const eq = c < 128 ? peq[c]! : 0;
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & high) score += 1;
    else if (mh & high) score -= 1;
    ph <<= 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
    if (score <= maxEdits && (!best || score < best.distance)) best = { distance: score, end: j + 1 };
  }
  return best;
}

function sellers(pattern: string, text: string, maxEdits: number): FuzzyHit | undefined {
  const m = pattern.length;
  // prev[i] = distance of pattern[0..i) against the best substring ending at the previous column.
  let prev = new Uint16Array(m + 1);
  let cur = new Uint16Array(m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  let best: FuzzyHit | undefined;
  for (let j = 1; j <= text.length; j++) {
    const c = text.charCodeAt(j - 1);
    cur[0] = 0;
    for (let i = 1; i <= m; i++) {
      const sub = prev[i - 1]! + (pattern.charCodeAt(i - 1) === c ? 0 : 1);
      const del = prev[i]! + 1;
      const ins = cur[i - 1]! + 1;
      cur[i] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    const d = cur[m]!;
    if (d <= maxEdits && (!best || d < best.distance)) best = { distance: d, end: j };
    [prev, cur] = [cur, prev];
  }
  return best;
}

/** Plain Levenshtein distance, for short tokens. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
