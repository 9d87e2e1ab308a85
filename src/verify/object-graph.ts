import { PdfDict, PdfRef, PdfStream, sameValue, type PdfValue } from './pdf/objects.js';
import type { PdfFile } from './pdf/file.js';

/**
 * How objects of two revisions of one file relate (references, locations, reachability): the
 * ground the change analysis (changes.ts) stands on.
 */

export function refs(v: PdfValue | undefined, f: PdfFile): PdfRef[] {
  const r = f.resolve(v);
  return Array.isArray(r) ? r.filter((x): x is PdfRef => x instanceof PdfRef) : v instanceof PdfRef && !Array.isArray(r) ? [v] : [];
}

export function isSigField(f: PdfFile, ref: PdfRef): boolean {
  let d = f.dict(ref);
  for (let i = 0; d && i < 16; i++) {
    if (d.nameOf('FT') === 'Sig') return true;
    d = f.dict(d.get('Parent'));
  }
  return false;
}

/** The field (or the parent field of this widget) has a value, i.e. a signature dictionary. */
export function fieldHasValue(f: PdfFile, ref: PdfRef): boolean {
  let d = f.dict(ref);
  for (let i = 0; d && i < 16; i++) {
    if (d.has('V')) return true;
    d = f.dict(d.get('Parent'));
  }
  return false;
}

/** Every object reachable from `v` (used for the DSS and signature appearances, which may change freely). */
export function reachable(f: PdfFile, v: PdfValue | undefined, into: Set<number>, depth = 0): void {
  if (depth > 200) return;
  if (v instanceof PdfRef) {
    if (into.has(v.num)) return;
    into.add(v.num);
    reachable(f, f.tryGet(v.num), into, depth + 1);
  } else if (Array.isArray(v)) for (const x of v) reachable(f, x, into, depth + 1);
  else if (v instanceof PdfDict) for (const x of v.map.values()) reachable(f, x, into, depth + 1);
  else if (v instanceof PdfStream) reachable(f, v.dict, into, depth + 1);
}

export function sameLocation(a: PdfFile, b: PdfFile, n: number): boolean {
  const x = a.entries.get(n);
  const y = b.entries.get(n);
  if (!x || !y || x.kind !== y.kind) return false;
  if (x.kind === 'offset' && y.kind === 'offset') return x.offset === y.offset;
  if (x.kind === 'compressed' && y.kind === 'compressed') return x.stream === y.stream && sameLocation(a, b, x.stream);
  return x.kind === 'free';
}

/**
 * True when `b` (in file `fb`) keeps every entry of `a` (in `fa`) with the same meaning,
 * following references: a resource dictionary rewritten or extended, not altered.
 */
export function extends_(fa: PdfFile, a: PdfValue | undefined, fb: PdfFile, b: PdfValue | undefined, depth: number): boolean {
  if (depth > 32) return false;
  if (a instanceof PdfRef && b instanceof PdfRef && a.num === b.num && sameLocation(fa, fb, a.num)) return true;
  const x = fa.resolve(a);
  const y = fb.resolve(b);
  if (x instanceof PdfDict && y instanceof PdfDict) {
    for (const [k, v] of x.map) if (!extends_(fa, v, fb, y.get(k), depth + 1)) return false;
    return true;
  }
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => extends_(fa, v, fb, y[i], depth + 1));
  if (x instanceof PdfStream || y instanceof PdfStream) return sameValue(x, y);
  return sameValue(x, y);
}
