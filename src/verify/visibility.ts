import { PdfDict, PdfRef, PdfStream, type PdfValue } from './pdf/objects.js';
import { decodeStream } from './pdf/filters.js';
import type { PdfFile } from './pdf/file.js';

/** Annotation flags (ISO 32000-1, 12.5.3) that keep a widget off the screen. */
const HIDDEN = 2;
const NO_VIEW = 32;

function zeroArea(v: PdfValue | undefined, f: PdfFile): boolean {
  const r = f.resolve(v);
  if (!Array.isArray(r) || r.length !== 4) return false;
  const [a, b, c, d] = r.map((x) => Number(f.resolve(x)));
  return [a, b, c, d].every(Number.isFinite) && (Math.abs(c! - a!) < 0.01 || Math.abs(d! - b!) < 0.01);
}

/** An appearance stream that paints nothing: empty (or only whitespace), or a zero-size BBox. */
function paintsNothing(f: PdfFile, v: PdfValue | undefined): boolean {
  const s = f.resolve(v);
  if (s instanceof PdfStream) {
    if (zeroArea(s.dict.get('BBox'), f)) return true;
    try {
      return decodeStream(s).toString('latin1').trim() === '';
    } catch {
      return false; // not decodable here: assume it paints
    }
  }
  if (s instanceof PdfDict) return [...s.map.values()].every((x) => paintsNothing(f, x)); // appearance states
  return s === undefined || s === null;
}

/** Does this widget annotation show anything over the page? */
export function widgetIsVisible(f: PdfFile, w: PdfDict): boolean {
  const flags = Number(f.resolve(w.get('F')) ?? 0);
  if (flags & (HIDDEN | NO_VIEW)) return false;
  if (!w.has('Rect') || zeroArea(w.get('Rect'), f)) return false;
  const ap = f.dict(w.get('AP'));
  // Without an appearance stream a signature widget paints nothing (viewers do not make one up).
  if (!ap) return false;
  return !paintsNothing(f, ap.get('N'));
}

/** A field, or any of its widget kids, visible on a page. */
export function fieldIsVisible(f: PdfFile, field: PdfValue | undefined, depth = 0): boolean {
  const d = f.dict(field);
  if (!d || depth > 16) return false;
  if (d.has('Rect') && widgetIsVisible(f, d)) return true;
  const kids = f.resolve(d.get('Kids'));
  return Array.isArray(kids) && kids.some((k) => fieldIsVisible(f, k instanceof PdfRef ? k : undefined, depth + 1));
}
