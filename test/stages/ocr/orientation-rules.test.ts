import { describe, expect, it } from 'vitest';
import type { OcrWord, PageOcr } from '../../../src/ports/ocr-engine.js';
import { acceptTurn, needsOrientationCheck, readsSideways } from '../../../src/stages/ocr/orientation.js';

const word = (text: string, w: number, h: number, confidence = 95): OcrWord => ({ text, confidence, line: 0, bbox: { x0: 0, y0: 0, x1: w, y1: h } });
const page = (confidence: number, words: OcrWord[]): PageOcr => ({ pageNo: 1, text: words.map((x) => x.text).join(' '), confidence, words, source: 'ocr', durationMs: 0 });
const upright = Array.from({ length: 20 }, (_, i) => word(`chữ${i}nghĩa`, 160, 45));
const sideways = Array.from({ length: 20 }, (_, i) => word(`chữ${i}nghĩa`, 45, 160));

describe('orientation rules: a page is never turned on a low-confidence guess', () => {
  it('checks orientation only for a low-confidence or sideways reading', () => {
    expect(needsOrientationCheck(page(96, upright))).toBe(false);
    expect(needsOrientationCheck(page(60, upright))).toBe(true);
    expect(readsSideways(page(96, sideways))).toBe(true);
    expect(needsOrientationCheck(page(96, sideways))).toBe(true);
  });

  it('keeps a turn only when the turned reading is good and clearly better', () => {
    // A sparse or damaged page: the turned reading is no better than garbage, so the page stays as scanned.
    expect(acceptTurn(page(23, upright), page(40, upright))).toBe(false);
    // A small gain is not enough either.
    expect(acceptTurn(page(70, upright), page(75, upright))).toBe(false);
    // An upside-down page read at 58 and at 96 once turned.
    expect(acceptTurn(page(58, upright), page(96, upright))).toBe(true);
    // A sideways page read well by tesseract: turned upright when the turned reading is as good.
    expect(acceptTurn(page(96, sideways), page(95, upright))).toBe(true);
    expect(acceptTurn(page(96, sideways), page(80, upright))).toBe(false);
    // A turn that still reads sideways is refused.
    expect(acceptTurn(page(40, upright), page(96, sideways))).toBe(false);
  });
});
