import { isMottoLine } from './layout.js';
import { extractIssuedDate, isCitedDate, isoDate } from './metadata-date.js';
import { extractOrganName, extractSubject } from './metadata-header.js';
import { findNumberLine } from './notation.js';
import { foldAligned } from './normalize.js';
import type { ReadingLine } from './reading.js';

/**
 * The printed fields of one reading of page 1 (the text layer, or OCR), each with how sure
 * that reading is of it. A blank where the number or the day should be is recorded as blank:
 * on signed paper those are written or stamped after printing.
 */
export interface ReadField<T> {
  value?: T;
  confidence: number;
  /** The field's place is printed but empty or unreadable. */
  blank?: boolean;
  /** Only month and year could be read (dates). */
  partial?: string;
}

export interface PrintedFields {
  number: ReadField<string>;
  notation: ReadField<string>;
  /** First segment of the notation as printed ("TB", "UBND"). */
  head?: string;
  date: ReadField<string>;
  organ: ReadField<string>;
  organParent?: string;
  subject: ReadField<string>;
}

/** Word confidence (0–1) of the words of a line whose text contains `needle`. */
function wordConfidence(line: ReadingLine | undefined, needle: string): number {
  if (!line) return 0;
  const ws = line.words.filter((w) => needle.includes(w.text.replace(/[^0-9]/g, '')) && /[0-9]/.test(w.text));
  if (ws.length === 0) return Math.min(...line.words.map((w) => w.confidence), 100) / 100;
  return Math.min(...ws.map((w) => w.confidence)) / 100;
}

// "ngày … tháng 01 năm 2025" with the day missing: month and year only.
const MONTH_YEAR = /\bn\s?g[a-z ]{0,4}?\s*([^\n]{0,8}?)\s*t\s?h[a-z ]{0,5}?\s*([0-9]{1,2})\s*[,.]?\s*n[a-z ]{0,4}?\s*([0-9]{4})/g;

/**
 * A "ngày … tháng MM năm YYYY" whose day is not readable. A day in clear digits is a whole
 * date (which the issue-date reader took or, being cited, skipped), and a cited date ("Căn cứ
 * Luật … ngày 19 tháng 6 năm 2015") says nothing of this document's day.
 */
function monthYearOnly(folded: string): RegExpExecArray | undefined {
  for (const m of folded.matchAll(MONTH_YEAR)) {
    if (/^\s*[0-9]{1,2}\s*$/.test(m[1]!) || isCitedDate(folded, m.index)) continue;
    return m as RegExpExecArray;
  }
  return undefined;
}

/**
 * @param printedConfidence the confidence of a clean reading of this source: 0.95 for a
 *   text layer judged plausible; OCR passes its cap (values read by OCR alone stay below 0.9).
 * @param abbreviations Annex III abbreviations, to read a notation whose "/" OCR lost.
 */
export function readPrintedFields(lines: ReadingLine[], printedConfidence: number, abbreviations: readonly string[] = []): PrintedFields {
  const texts = lines.map((l) => l.text);
  const out: PrintedFields = { number: { confidence: 0 }, notation: { confidence: 0 }, date: { confidence: 0 }, organ: { confidence: 0 }, subject: { confidence: 0 } };
  const nl = findNumberLine(texts, 16, abbreviations);
  if (nl) {
    const line = lines[nl.line];
    const base = printedConfidence * (nl.labelled ? 1 : 0.85);
    if (nl.number !== undefined) {
      const wc = wordConfidence(line, nl.number);
      // A noisy line (a gap, junk before "/") or weak word confidence: ink added by hand or stamp.
      const c = nl.noisy || wc < 0.8 ? Math.min(0.5, base) : Math.min(base, 0.5 + wc / 2);
      out.number = { value: nl.number, confidence: Number(c.toFixed(2)) };
    } else out.number = { blank: true, confidence: 0 };
    if (nl.notation) {
      // One segment is true to form on a permit, but is also what a read cut short looks like.
      const c = base * (nl.noisy ? 0.95 : 1);
      out.notation = { value: nl.notation, confidence: Number((nl.single ? Math.min(c, 0.8) : c).toFixed(2)) };
      out.head = nl.head;
    }
  }
  // The header: lines before the title or the body. Dates further down are cited dates
  // ("Căn cứ Nghị quyết … ngày 10/12/2013"). With word boxes the header is the column lines.
  // The motto can span the middle of the page (a wide scan) without ending the header.
  const mottoY = lines.find((l) => l.column !== 'left' && isMottoLine(l.text))?.y;
  const firstFull = lines.findIndex(
    (l, i) => i > 0 && l.column === 'full' && !isMottoLine(l.text) && (mottoY === undefined || l.y > mottoY) && lines.slice(0, i).some((p) => p.column !== 'full'),
  );
  const header = texts.slice(0, firstFull > 0 ? firstFull : 16).join('\n');
  const issued = extractIssuedDate(header, 16);
  const { folded } = foldAligned(header);
  const my = monthYearOnly(folded);
  if (issued) {
    const dateLine = lines.find((l) => /ng[aà]y/i.test(l.text) && /\d{4}/.test(l.text));
    const wc = dateLine ? Math.min(...dateLine.words.filter((w) => /[0-9]/.test(w.text)).map((w) => w.confidence), 100) / 100 : 1;
    out.date = { value: issued.value, confidence: Number(Math.min(issued.confidence, printedConfidence, wc < 0.8 ? 0.5 : 1).toFixed(2)) };
  } else if (my) {
    const month = Number(my[2]);
    const year = Number(my[3]);
    if (isoDate(year, month, 1)) out.date = { blank: true, partial: `${year}-${String(month).padStart(2, '0')}`, confidence: Number(Math.min(0.8, printedConfidence).toFixed(2)) };
  } else if (/\bngay\s+thang\s+nam\s+[0-9]{4}/.test(folded)) {
    out.date = { blank: true, confidence: 0 }; // "ngày   tháng   năm 2024": day and month stamped later
  }
  // A biên bản dates itself in its first sentence: "Hôm nay, vào lúc 14 giờ, ngày 18 tháng 12 năm 2025".
  if (out.date.value === undefined) {
    const body = foldAligned(texts.slice(0, 40).join('\n')).folded;
    const m = /hom nay[^\n]{0,60}?ngay\s*([0-9]{1,2})\s*thang\s*([0-9]{1,2})\s*nam\s*([0-9]{4})/.exec(body);
    const iso = m ? isoDate(Number(m[3]), Number(m[2]), Number(m[1])) : undefined;
    if (iso && (!out.date.partial || iso.startsWith(out.date.partial))) out.date = { value: iso, confidence: Number(Math.min(0.8, printedConfidence).toFixed(2)) };
  }
  const nonEmpty = texts.filter(Boolean);
  const organ = extractOrganName(nonEmpty);
  if (organ) {
    out.organ = { value: organ.organName.value, confidence: Math.min(organ.organName.confidence, printedConfidence) };
    if (organ.organParent) out.organParent = organ.organParent.value;
  }
  const subject = extractSubject(nonEmpty);
  if (subject) out.subject = { value: subject.value, confidence: Math.min(subject.confidence, printedConfidence) };
  return out;
}
