import type { OcrWord, PageOcr } from '../../ports/ocr-engine.js';

/**
 * Reading order for side-by-side blocks. An official document's header has two columns
 * (agency and number on the left, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on the right), and so
 * does its signature block. Tesseract, even in automatic segmentation, reads them as one block
 * line by line, interleaving the two. This finds runs of consecutive lines that each split at
 * a wide gap in the same place, and puts the left column's lines before the right column's.
 */

/** A gap wider than this many line heights separates two columns (word gaps are ~0.3). */
const COLUMN_GAP_LINE_HEIGHTS = 3;

interface Line {
  words: OcrWord[];
  /** Index of the first word of the right column, or -1 when the line has no column gap. */
  split: number;
  leftEnd: number;
  rightStart: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function toLines(words: OcrWord[]): Line[] {
  const lines: Line[] = [];
  let last: number | undefined;
  for (const w of words) {
    if (w.line !== last || lines.length === 0) lines.push({ words: [], split: -1, leftEnd: 0, rightStart: 0 });
    lines[lines.length - 1]!.words.push(w);
    last = w.line;
  }
  for (const l of lines) {
    const h = median(l.words.map((w) => w.bbox.y1 - w.bbox.y0));
    let best = -1;
    let bestGap = 0;
    for (let i = 1; i < l.words.length; i++) {
      const gap = l.words[i]!.bbox.x0 - l.words[i - 1]!.bbox.x1;
      if (gap > bestGap) [best, bestGap] = [i, gap];
    }
    if (best > 0 && bestGap > COLUMN_GAP_LINE_HEIGHTS * h) {
      l.split = best;
      l.leftEnd = l.words[best - 1]!.bbox.x1;
      l.rightStart = l.words[best]!.bbox.x0;
    }
  }
  return lines;
}

/** Words reordered column by column where two columns sit side by side; `line` renumbered. */
export function columnReadingOrder(words: OcrWord[]): { words: OcrWord[]; changed: boolean } {
  const lines = toLines(words);
  const ordered: OcrWord[][] = [];
  let changed = false;
  for (let i = 0; i < lines.length; ) {
    // Extend a run while every line splits and the columns' gaps still overlap.
    let j = i;
    let leftEnd = -Infinity;
    let rightStart = Infinity;
    while (j < lines.length && lines[j]!.split > 0) {
      const l = lines[j]!;
      const le = Math.max(leftEnd, l.leftEnd);
      const rs = Math.min(rightStart, l.rightStart);
      if (le >= rs) break;
      [leftEnd, rightStart] = [le, rs];
      j++;
    }
    if (j - i >= 2) {
      const run = lines.slice(i, j);
      for (const l of run) ordered.push(l.words.slice(0, l.split));
      for (const l of run) ordered.push(l.words.slice(l.split));
      changed = true;
      i = j;
    } else {
      ordered.push(lines[i]!.words);
      i++;
    }
  }
  if (!changed) return { words, changed: false };
  return { words: ordered.flatMap((ws, line) => ws.map((w) => ({ ...w, line }))), changed: true };
}

/** The page's OCR with its words, and its text, in column reading order (unchanged when there are no columns). */
export function inReadingOrder(ocr: PageOcr): PageOcr {
  const { words, changed } = columnReadingOrder(ocr.words);
  if (!changed) return ocr;
  const lines: string[] = [];
  for (const w of words) lines[w.line] = lines[w.line] === undefined ? w.text : `${lines[w.line]} ${w.text}`;
  return { ...ocr, words, text: lines.join('\n') + '\n' };
}
