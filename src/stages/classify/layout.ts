import { compact, foldText, isUpperLine } from './normalize.js';
import { fuzzyFind } from './fuzzy.js';

/**
 * Where things sit on page 1. Plain OCR text has no font sizes, so the title zone is
 * approximated by what survives OCR: the top lines of page 1, and the lines set in capitals
 * there (administrative titles are printed in bold capitals under the national motto).
 */
export interface Layout {
  /** Every line of the document, trimmed, empty lines kept as ''. */
  lines: string[];
  /** Non-empty lines at the top of page 1. */
  top: string[];
  /** Capitalised lines near the top of page 1 that are not the national motto. */
  headings: string[];
  /** Index in `lines` of the first line after the motto block (or 0). */
  afterMotto: number;
}

const TOP_LINES = 14;
const HEADING_SCAN = 30;
const MOTTO = ['conghoaxahoichunghiavietnam', 'doclaptudohanhphuc', 'socialistrepublicofvietnam', 'independencefreedomhappiness'];

/** True when the line carries the national motto (two-column OCR may put the agency beside it). */
export function isMottoLine(line: string): boolean {
  const c = compact(foldText(line));
  if (c.length < 10) return false;
  return MOTTO.some((m) => fuzzyFind(m, c) !== undefined);
}

// Lines that open the body of a document: the title zone ends before them.
const BODY_START = /^(kinh gui|can cu|hom nay|dieu \d|toi ten|chung toi|xet de nghi|thuc hien|theo de nghi|nay |vao luc|[-+•*]\s|[1-9]\.\s|i\.\s)/;
const LONG_LINE = 100;

/** Index of the first body line of page 1 (at least the first 3 lines are title zone). */
function bodyStart(pageLines: string[]): number {
  for (let i = 3; i < Math.min(pageLines.length, TOP_LINES); i++) {
    const line = pageLines[i]!;
    if (line.length >= LONG_LINE || BODY_START.test(foldText(line))) return i;
  }
  return Math.min(pageLines.length, TOP_LINES);
}

/** Splits the text of a document into zones; `pageTexts` wins over form feeds when given. */
export function layoutOf(text: string, pageTexts?: string[]): Layout {
  const firstPage = pageTexts && pageTexts.length > 0 ? pageTexts[0]! : (text.split('\f')[0] ?? '');
  const lines = text.replace(/\r\n?/g, '\n').split(/[\n\f]/).map((l) => l.trim());
  const pageLines = firstPage.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
  const topEnd = bodyStart(pageLines);
  const top = pageLines.slice(0, topEnd);
  // Capitalised lines further down are signature blocks and section heads, not titles.
  const headings = pageLines.slice(0, Math.min(topEnd + 2, HEADING_SCAN)).filter((l) => isUpperLine(l) && !isMottoLine(l));
  let afterMotto = 0;
  for (let i = 0; i < Math.min(lines.length, HEADING_SCAN); i++) if (isMottoLine(lines[i]!)) afterMotto = i + 1;
  return { lines, top, headings, afterMotto };
}
