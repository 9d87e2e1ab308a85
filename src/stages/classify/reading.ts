import type { OcrWord } from '../../ports/ocr-engine.js';
import { isMottoLine } from './layout.js';

/**
 * A layout-aware reading of page 1 from word boxes (OCR words or a PDF text layer). Both put
 * the two-column header of a Decree 30 document in an order that defeats line-based reading:
 * "Số: 542" and "/TB-UBND" in different runs, the date after the whole left column, or the
 * agency and the motto interleaved. Here words are grouped into rows by position, rows are
 * cut into segments at wide gaps, and the header is read column by column: left (agency,
 * number, V/v), then right (motto, place and date), then the rest of the page top to bottom.
 */
export interface ReadingWord {
  text: string;
  x0: number;
  x1: number;
  /** 0–100 (100 for a text layer). */
  confidence: number;
}

export interface ReadingLine {
  text: string;
  words: ReadingWord[];
  column: 'left' | 'right' | 'full';
  y: number;
}

interface Row {
  y0: number;
  y1: number;
  words: OcrWord[];
}

function rows(words: OcrWord[]): Row[] {
  const sorted = words.filter((w) => w.text.trim()).sort((a, b) => (a.bbox.y0 + a.bbox.y1) / 2 - (b.bbox.y0 + b.bbox.y1) / 2);
  const out: Row[] = [];
  for (const w of sorted) {
    const cy = (w.bbox.y0 + w.bbox.y1) / 2;
    const h = Math.max(1, w.bbox.y1 - w.bbox.y0);
    // Same row when the word's centre sits inside the row's band (diacritics make boxes taller).
    const row = out.find((r) => cy >= r.y0 + 0.15 * (r.y1 - r.y0) - 0.2 * h && cy <= r.y1 - 0.15 * (r.y1 - r.y0) + 0.2 * h && Math.abs(cy - (r.y0 + r.y1) / 2) < 0.6 * Math.max(h, r.y1 - r.y0));
    if (row) {
      row.words.push(w);
      row.y0 = Math.min(row.y0, w.bbox.y0);
      row.y1 = Math.max(row.y1, w.bbox.y1);
    } else out.push({ y0: w.bbox.y0, y1: w.bbox.y1, words: [w] });
  }
  return out.sort((a, b) => a.y0 - b.y0);
}

/** Cuts a row into segments where the gap between words is wider than a few letter heights. */
function segments(row: Row): OcrWord[][] {
  const ws = [...row.words].sort((a, b) => a.bbox.x0 - b.bbox.x0);
  const heights = ws.map((w) => w.bbox.y1 - w.bbox.y0).sort((a, b) => a - b);
  const h = heights[Math.floor(heights.length / 2)] ?? 10;
  const out: OcrWord[][] = [];
  for (const w of ws) {
    const cur = out[out.length - 1];
    const prev = cur?.[cur.length - 1];
    // A "/QĐ-UBND" far right of "Số: 8" is the same number line with a blank (or a hand) between.
    if (cur && prev && (w.bbox.x0 - prev.bbox.x1 < 2.2 * h || (w.text.startsWith('/') && w.bbox.x0 - prev.bbox.x1 < 12 * h))) cur.push(w);
    else out.push([w]);
  }
  return out;
}

function joinWords(ws: OcrWord[]): { text: string; words: ReadingWord[] } {
  let text = '';
  let prev: OcrWord | undefined;
  for (const w of ws) {
    if (prev) {
      const h = Math.max(1, prev.bbox.y1 - prev.bbox.y0);
      // A gap of more than a letter or so (a blank left for a handwritten number) shows as 3 spaces.
      const gap = w.bbox.x0 - prev.bbox.x1;
      // Text layers often cut words into glyph runs ("tri" "ể" "n"): touching runs are one word.
      text += gap > 1.2 * h ? '   ' : gap > 0.12 * h ? ' ' : '';
    }
    text += w.text;
    prev = w;
  }
  return { text, words: ws.map((w) => ({ text: w.text, x0: w.bbox.x0, x1: w.bbox.x1, confidence: w.confidence })) };
}

/** Reading-order lines of page 1. `width` is the page width in the words' units. */
export function readPage(words: OcrWord[], width: number): ReadingLine[] {
  const mid = width / 2;
  const all: ReadingLine[] = [];
  for (const row of rows(words)) {
    for (const seg of segments(row)) {
      const x0 = Math.min(...seg.map((w) => w.bbox.x0));
      const x1 = Math.max(...seg.map((w) => w.bbox.x1));
      const column = x1 <= mid + 0.05 * width ? 'left' : x0 >= mid - 0.05 * width ? 'right' : 'full';
      all.push({ ...joinWords(seg), column, y: row.y0 });
    }
  }
  // The header ends at the first full-width line below the motto (the title, or the body).
  const mottoAt = all.findIndex((l) => isMottoLine(l.text));
  let headerEnd = all.length;
  if (mottoAt >= 0) {
    const mottoY = all[mottoAt]!.y;
    const after = all.findIndex((l) => l.y > mottoY && l.column === 'full' && l.text.replace(/[^\p{L}\p{N}]/gu, '').length > 3);
    if (after >= 0) headerEnd = after;
  } else headerEnd = 0;
  const header = all.slice(0, headerEnd);
  const rest = all.slice(headerEnd);
  return [
    ...header.filter((l) => l.column !== 'right'),
    ...header.filter((l) => l.column === 'right'),
    ...rest,
  ];
}

/** Lines of plain text (no boxes) in the same shape, for text that comes without word boxes. */
export function textLines(text: string): ReadingLine[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((t, i) => ({ text: t, words: [], column: 'full' as const, y: i }));
}
