import { foldAligned } from './normalize.js';

/**
 * Issue date (Annex VI IssuedDate). Official texts put it in the header as
 * "<place>, ngày 13 tháng 01 năm 2022"; forms put the same line above the signature.
 * Dates of birth, expiry and the dates of cited laws ("Căn cứ Nghị định … ngày …") are not
 * issue dates and are skipped.
 */

export interface Found<T> {
  value: T;
  confidence: number;
  /** Where the value came from: printed on the page, the e-signature, or the file name. */
  source?: 'printed' | 'signature' | 'file-name';
  /** Which reading(s) or corroboration ("ocr", "text-layer+ocr", "ocr+file-name", "timestamp"). */
  via?: string;
  /** Month and year only. */
  partial?: boolean;
}

// OCR reads 1 as l/I and 0 as o/O inside numbers.
const D = '[0-9lIoO|]';
const num = (s: string): number => Number(s.replace(/[lI|]/g, '1').replace(/[oO]/g, '0'));

// On folded text: "ngay 13 thang 01 nam 2022", tolerant of mangled words and stray spaces ("th ang").
const LONG = new RegExp(`\\bn\\s?g[a-z ]{0,4}?\\s*(${D}{1,2})\\s*[,.]?\\s*t\\s?[hb][a-z ]{0,5}?\\s*(${D}{1,2})\\s*[,.]?\\s*n[a-z ]{0,4}?\\s*(${D}{4})`, 'g');
const SHORT = new RegExp(`(?<![0-9])(${D}{1,2})\\s*[/.-]\\s*(${D}{1,2})\\s*[/.-]\\s*(${D}{4})(?![0-9])`, 'g');
// Context that makes a date something other than the issue date.
const NOT_ISSUE = /(sinh|birth|het han|expiry|gia tri den|can cu|theo|tai quyet dinh|cua chinh phu|hieu luc|tu ngay|den ngay|cap ngay|thoi han)[^\n]{0,40}$/;

const TIMESTAMP = /^\s*,?\s*[0-9]{1,2}\s*:\s*[0-9]{2}/;

export function isoDate(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

interface Candidate {
  iso: string;
  confidence: number;
  index: number;
}

/** "Trà Vinh, ngày …": a place name and a comma right before the date (on folded text). */
const afterPlaceAt = (folded: string, index: number) => /[a-z]{2,}\s*[,.]\s*(?:ngay\s*)?$/.test(folded.slice(Math.max(0, index - 60), index));

/** A date at `index` of folded text that cites something else (a law, a birth, a validity), not the issue date. */
export function isCitedDate(folded: string, index: number): boolean {
  return !afterPlaceAt(folded, index) && NOT_ISSUE.test(folded.slice(Math.max(0, index - 50), index));
}

function candidates(folded: string, re: RegExp, base: number, placeBonus: number): Candidate[] {
  const out: Candidate[] = [];
  for (const m of folded.matchAll(re)) {
    const afterPlace = afterPlaceAt(folded, m.index);
    if (isCitedDate(folded, m.index)) continue;
    // "21.01.2025 09:30:22": the time of an e-signature or receiving stamp, not the issue date.
    if (TIMESTAMP.test(folded.slice(m.index + m[0].length, m.index + m[0].length + 12))) continue;
    const iso = isoDate(num(m[3]!), num(m[2]!), num(m[1]!));
    if (!iso) continue;
    out.push({ iso, confidence: Math.min(0.97, base + (afterPlace ? placeBonus : 0)), index: m.index });
  }
  return out;
}

/** The issue date as YYYY-MM-DD, or undefined when the text has none it can trust. */
export function extractIssuedDate(text: string, headerLines = 14): Found<string> | undefined {
  const { folded } = foldAligned(text);
  const lines = folded.split('\n');
  const headerEnd = lines.slice(0, headerLines).join('\n').length;
  const all = [...candidates(folded, LONG, 0.7, 0.25), ...candidates(folded, SHORT, 0.5, 0.2)];
  if (all.length === 0) return undefined;
  // A date in the header block is the issue date; below it, only the dated place line counts.
  const scored = all
    .map((c) => ({ ...c, confidence: c.index <= headerEnd ? c.confidence : c.confidence >= 0.85 ? c.confidence - 0.05 : c.confidence - 0.3 }))
    .filter((c) => c.confidence >= 0.4)
    .sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  const best = scored[0];
  return best ? { value: best.iso, confidence: Number(best.confidence.toFixed(2)) } : undefined;
}
