import { foldAligned } from './normalize.js';

/**
 * The number line of Decree 30/2020 ("Số: 542/TB-UBND", "Số: 45/2022/QĐ-UBND",
 * "Số: 507/UBND-KGVX"), read from the header lines in reading order. Tolerates what OCR and
 * text layers do to it: "Số" misread ("S6:", "Sô;"), spaces around "/" and "-", and the number
 * and the notation split over two lines ("Số: 542" / "/TB-UBND"), or the number missing (written
 * by hand after printing, "Số:      /QĐ-UBND").
 */
export interface NumberLine {
  /** Index in the given lines of the line holding "Số". */
  line: number;
  /** The number as printed ("04" stays "04"), absent when the space is blank or unreadable. */
  number?: string;
  /** "TB-UBND", "QĐ-BCĐ138", "UBND-KGVX" (the year of a legal document is dropped). */
  notation?: string;
  /** The first notation segment, as printed ("TTr", "QĐ", "UBND"). */
  head?: string;
  /** True when "Số" itself was read; false when only the "N/ABBR-ORGAN" shape was found. */
  labelled: boolean;
  /** The text between the label and the notation was noisy (letters mixed into the number, a gap). */
  noisy: boolean;
  /** The notation has one segment: true to form on permits and contracts, but also what a cut-off read looks like. */
  single?: boolean;
}

// Folded line start: "so:", "s6:", "$6:" (OCR), "sô;" (folded "so;"), "so" followed by digits.
const LABEL = /^[^a-z0-9$]{0,3}(?:s[o0-9e]|5[o0]|\$[o0-9e]?)\s*[:;.,]?(?=\s*[0-9/]|\s*$|\s*[:;])\s*[:;.,]?/;
// "S64469QD-BYT": label, number and notation glued, the "/" lost. Read, but as noisy.
const GLUED = /^[^a-z0-9]{0,3}s[o0-9e]?\s*[:;.,]?\s*([0-9]{1,5})([a-z]{1,4}\s*-\s*[a-z0-9]{1,10})\b/;
// Lines that start the body: the number line is above them.
const BODY = /^\s*(can cu|kinh gui|dieu \d|thuc hien)/;
// Notation after "/": optional year, then 2–4 hyphenated segments of letters/digits.
const NOTATION = /^\/\s*((?:[0-9]{4}\s*\/\s*)?[a-z][a-z0-9]{0,9}(?:\s*[-–]\s*[a-z0-9]{1,10}){1,3})/;
// A notation of one segment ("Số: 72/GPXD", "Số: 319/HĐLĐ"): permits, contracts, certificates.
const SINGLE = /^\/\s*((?:[0-9]{4}\s*\/\s*)?[a-z][a-z0-9]{1,9})(?=\s{2,}|\s*[^a-z0-9\s]{0,2}\s*$)/;
const NUMBER = /^([0-9][0-9lIoO]{0,5}(?:[a-z]|-[0-9]{1,3})?)(?![0-9a-z])/;
// Unlabelled fallback: a token shaped like "542/TB-UBND" at the start of a header segment.
const BARE = /^[^a-z0-9]{0,3}([0-9]{1,6})\s*\/\s*((?:[0-9]{4}\s*\/\s*)?[a-z][a-z0-9]{0,9}(?:\s*[-–]\s*[a-z0-9]{1,10}){1,3})/;

/** A one-segment notation, only when printed in capitals ("GPXD", "HĐLĐ"), never "v" or a year. */
function singleSegment(folded: string, original: string): RegExpExecArray | null {
  const m = SINGLE.exec(folded);
  if (!m) return null;
  const start = m[0].indexOf(m[1]!);
  const printed = original.slice(start, start + m[1]!.length).replace(/^[0-9]{4}\s*\/\s*/, '');
  return /^[A-ZĐÐ][A-ZĐÐ0-9]+$/u.test(printed.normalize('NFC')) ? m : null;
}

function cleanNotation(original: string): { notation: string; head: string } {
  const s = original.normalize('NFC').replace(/\s+/g, '').replace(/–/g, '-').replace(/^[0-9]{4}\//, '').replace(/Ð/g, 'Đ').replace(/ð/g, 'đ');
  const parts = s.split('-');
  return { notation: parts.join('-'), head: parts[0]! };
}

const digits = (s: string) => s.replace(/[lI]/g, '1').replace(/[oO]/g, '0');

/**
 * "Số: Z2(ØTB-UBND", "94QĐ-UBND": a number written by hand over the "/" took the slash with it
 * in OCR. The notation is then the known head (an Annex III abbreviation, or the organ that
 * heads a công văn's) ending the glued run of letters, followed by its printed capital segments.
 * The longest known head wins ("ZKH-UBND" → "KH-UBND"); a "b" may be an OCR'd "Đ" ("Qb" → "QĐ").
 */
const GLUED_NOTATION = /([a-z]{1,5})\s*[-–]\s*([a-z0-9]{2,10}(?:\s*[-–]\s*[a-z0-9]{2,10}){0,2})(?![a-z0-9])/;
const GLUED_HEAD_ORGANS = ['UBND', 'HĐND'];

function lostSlash(folded: string, original: string, heads: readonly string[]): { notation: string; head: string } | undefined {
  const m = GLUED_NOTATION.exec(folded);
  if (!m || !heads.length) return undefined;
  const letters = m[1]!;
  const at = m.index;
  const tailStart = at + m[0].indexOf(m[2]!, letters.length);
  const tail = original.slice(tailStart, tailStart + m[2]!.length).normalize('NFC');
  // The organ segments are printed in capitals: lower-case letters there mean a word, not a notation.
  if (!/^[A-ZĐÐ0-9]+(?:\s*[-–]\s*[A-ZĐÐ0-9]+)*$/u.test(tail)) return undefined;
  for (let len = Math.min(letters.length, 4); len >= 1; len--) {
    const head = knownHead(original.slice(at + letters.length - len, at + letters.length).normalize('NFC'), heads);
    if (head) return cleanNotation(`${head}-${tail}`);
  }
  return undefined;
}

/**
 * @param abbreviations the Annex III abbreviations of the known types: with them, a notation
 *   whose "/" was lost under a handwritten number is still read (as noisy).
 */
export function findNumberLine(lines: string[], maxLines = 16, abbreviations: readonly string[] = []): NumberLine | undefined {
  const heads = abbreviations.length ? [...abbreviations, ...GLUED_HEAD_ORGANS] : [];
  const n = Math.min(lines.length, maxLines);
  for (let i = 0; i < n; i++) {
    const { original, folded } = foldAligned(lines[i]!);
    if (BODY.test(folded)) break;
    const m = LABEL.exec(folded);
    if (!m) {
      const g = GLUED.exec(folded);
      if (g) {
        const start = g.index + g[0].lastIndexOf(g[2]!);
        return { line: i, number: g[1]!, ...cleanNotation(original.slice(start, start + g[2]!.length)), labelled: true, noisy: true };
      }
      continue;
    }
    // "số định danh", "quyển số" and a telephone line are not the document's number line.
    const before = folded.slice(0, m.index + 1);
    if (/(quyen|dinh danh|cmnd|cccd|nha|dien thoai|ho|ma|den)\s*$/.test(before.trim())) continue;
    if (/^\s*(dinh danh|dien thoai|fax|tai khoan)/.test(folded.slice(m.index + m[0].length))) continue;
    // The rest of the line, plus the next line when the notation is not on this one.
    let rest = original.slice(m.index + m[0].length);
    let restFolded = folded.slice(m.index + m[0].length);
    const out: NumberLine = { line: i, labelled: true, noisy: false };
    const readPart = (o: string, f: string) => {
      const t = f.trimStart();
      const lead = f.length - t.length;
      const num = NUMBER.exec(t);
      let at = 0;
      if (num && out.number === undefined) {
        out.number = digits(o.slice(lead, lead + num[1]!.length)).replace(/[^0-9a-zA-Z-]/g, '');
        at = num[1]!.length;
      }
      const after = t.slice(at);
      const gap = after.length - after.trimStart().length;
      const slash = after.trimStart();
      // Junk between the number and "/" (a stamp, a scrawl read as letters) makes the reading noisy.
      const junk = /^[^/]{1,12}\//.exec(slash);
      const tail = junk ? slash.slice(junk[0].length - 1) : slash;
      const nt = NOTATION.exec(tail) ?? singleSegment(tail, o.slice(o.length - tail.length));
      if (nt) {
        if (!nt[1]!.includes('-')) out.single = true;
        if (junk || (out.number !== undefined && gap >= 3)) out.noisy = true;
        // "92 7/GXN": OCR split one number at a space; the join stays a noisy reading.
        if (junk && gap === 1 && at > 0 && /^[0-9]{1,2}\/$/.test(junk[0])) out.number += junk[0].slice(0, -1);
        const start = lead + at + gap + (junk ? junk[0].length - 1 : 0) + nt[0].indexOf(nt[1]!);
        Object.assign(out, cleanNotation(o.slice(start, start + nt[1]!.length)));
        return true;
      }
      const lost = lostSlash(t, o.slice(lead), heads);
      if (lost) {
        // The number under the scrawl is not readable: whatever digits OCR made of it are dropped.
        delete out.number;
        Object.assign(out, { notation: lost.notation, head: lost.head, noisy: true });
        return true;
      }
      return false;
    };
    if (readPart(rest, restFolded)) return out;
    // "Số: 542" then "/TB-UBND" (or "Số:" then "542/TB-UBND") on the next line.
    for (let j = i + 1; j < Math.min(n, i + 3); j++) {
      const next = foldAligned(lines[j]!);
      rest = next.original;
      restFolded = next.folded;
      if (readPart(rest, restFolded)) return out;
    }
    if (out.number !== undefined) return out;
  }
  for (let i = 0; i < n; i++) {
    const { original, folded } = foldAligned(lines[i]!);
    if (BODY.test(folded)) break;
    const m = BARE.exec(folded);
    if (!m) continue;
    const start = m.index + m[0].lastIndexOf(m[2]!);
    return { line: i, number: m[1]!, ...cleanNotation(original.slice(start, start + m[2]!.length)), labelled: false, noisy: false };
  }
  return undefined;
}

/** Abbreviation key: case and diacritics folded, except that Đ stays apart from D (HĐ is not HD). */
export function abbrKey(s: string): string {
  return [...s.normalize('NFC')]
    .map((ch) => (/[đĐðÐ]/.test(ch) ? 'đ' : ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()))
    .join('');
}

/**
 * Types whose Annex III abbreviation the notation's first segment is. An exact key wins
 * ("HĐ" → hợp đồng); when OCR lost the stroke of Đ, every type with that folded key is a
 * candidate ("HD" → hướng dẫn or hợp đồng), for the title line to decide.
 */
export function typesForAbbr(head: string, types: ReadonlyArray<{ id: string; abbr?: string }>): string[] {
  const key = abbrKey(head);
  const exact = types.filter((t) => t.abbr && abbrKey(t.abbr) === key).map((t) => t.id);
  if (exact.length) return exact;
  return types.filter((t) => t.abbr && loose(t.abbr) === loose(head)).map((t) => t.id);
}

const loose = (s: string) => abbrKey(s).replace(/đ/g, 'd');

/**
 * The known abbreviation a printed head is: itself, or with the Đ that OCR read as D, or now and
 * then as a final lower-case b ("Qb"), restored when exactly one fits ("HD" fits two: none).
 */
function knownHead(printed: string, heads: readonly string[]): string | undefined {
  const exact = heads.find((h) => abbrKey(h) === abbrKey(printed));
  if (exact) return exact;
  const asD = printed.replace(/(?<=[A-Z])b$/, 'Đ');
  const hits = [...new Set(heads.filter((h) => loose(h) === loose(asD)))];
  return hits.length === 1 ? hits[0] : undefined;
}

// Organ segments that carry Đ, which OCR reads as D: "NQ-HDND" is "NQ-HĐND".
const ORGANS_WITH_D = ['HĐND', 'BCĐ'];

/**
 * The notation with its Đ restored where OCR lost the stroke ("QD-UBND" → "QĐ-UBND",
 * "Qb-UBND" → "QĐ-UBND", "NQ-HDND" → "NQ-HĐND"): the type abbreviation only when the printed head is no abbreviation
 * itself and exactly one abbreviation matches it with Đ read as D ("HD" stays: it is hướng
 * dẫn's); an organ segment only from a short list. Undefined when there is nothing to restore.
 */
export function restoreAbbr(notation: string, abbreviations: readonly string[]): string | undefined {
  const [head, ...rest] = notation.split('-');
  if (!head) return undefined;
  const newHead = knownHead(head, abbreviations) ?? head;
  const tail = rest.map((seg) => ORGANS_WITH_D.find((o) => loose(o) === loose(seg) && !/[đĐ]/.test(seg)) ?? seg);
  const out = [newHead, ...tail].join('-');
  return out !== notation ? out : undefined;
}
