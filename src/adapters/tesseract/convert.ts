import type { Page } from 'tesseract.js';
import type { OcrWord, PageOcr } from '../../ports/ocr-engine.js';

/** Flattens tesseract's block → paragraph → line → word tree into words in reading order. */
export function toPageOcr(page: Page, pageNo: number, durationMs: number): PageOcr {
  const words: OcrWord[] = [];
  let line = 0;
  for (const block of page.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const l of para.lines) {
        for (const w of l.words) {
          const text = w.text.trim();
          if (!text) continue;
          words.push({ text, bbox: { ...w.bbox }, confidence: round1(w.confidence), line });
        }
        line += 1;
      }
    }
  }
  const confidence = words.length ? round1(words.reduce((s, w) => s + w.confidence, 0) / words.length) : 0;
  return { pageNo, text: (page.text ?? '').normalize('NFC'), confidence, words, source: 'ocr', durationMs };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
