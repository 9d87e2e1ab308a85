import type { OcrWord, PageOcr } from '../../ports/ocr-engine.js';

/**
 * Words from tesseract's TSV output, in reading order (block, paragraph, line, word).
 * TSV is far lighter than the `blocks` tree, which carries every symbol and its choices
 * across the worker boundary. Columns: level page block par line word left top width height conf text.
 */
export function wordsFromTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  let line = -1;
  let lastKey = '';
  for (const row of tsv.split('\n')) {
    const c = row.split('\t');
    if (c[0] !== '5' || c.length < 12) continue;
    const text = c.slice(11).join('\t').trim();
    if (!text) continue;
    const key = `${c[2]}.${c[3]}.${c[4]}`;
    if (key !== lastKey) {
      line += 1;
      lastKey = key;
    }
    const [left, top, width, height, conf] = [c[6], c[7], c[8], c[9], c[10]].map(Number) as [number, number, number, number, number];
    words.push({ text: text.normalize('NFC'), bbox: { x0: left, y0: top, x1: left + width, y1: top + height }, confidence: round1(Math.max(0, conf)), line });
  }
  return words;
}

/**
 * Tesseract's Vietnamese model often reads Đ/đ as the look-alike Icelandic eth Ð/ð, which
 * never occurs in Vietnamese text; searching for "ĐC" would then miss it.
 */
export function fixLookalikes(s: string): string {
  return s.replace(/\u00D0/g, '\u0110').replace(/\u00F0/g, '\u0111');
}

export function toPageOcr(text: string, tsv: string, pageNo: number, durationMs: number, vietnamese = true): PageOcr {
  const fix = vietnamese ? fixLookalikes : (x: string) => x;
  const words = wordsFromTsv(fix(tsv));
  text = fix(text);
  const confidence = words.length ? round1(words.reduce((s, w) => s + w.confidence, 0) / words.length) : 0;
  return { pageNo, text: text.normalize('NFC'), confidence, words, source: 'ocr', durationMs };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
