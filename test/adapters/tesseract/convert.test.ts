import { describe, expect, it } from 'vitest';
import { fixLookalikes, toPageOcr, wordsFromTsv } from '../../../src/adapters/tesseract/convert.js';

const TSV = [
  '1\t1\t0\t0\t0\t0\t0\t0\t1000\t800\t-1\t',
  '4\t1\t1\t1\t1\t0\t10\t10\t300\t40\t-1\t',
  '5\t1\t1\t1\t1\t1\t10\t10\t120\t40\t96.5\tQuyết',
  '5\t1\t1\t1\t1\t2\t140\t12\t100\t38\t91.25\tđịnh',
  '5\t1\t1\t1\t2\t1\t10\t60\t90\t40\t80\tTờ',
  '5\t1\t2\t1\t1\t1\t10\t200\t90\t40\t70\tÐC',
].join('\n');

describe('tesseract TSV to words', () => {
  it('keeps reading order, numbers lines across blocks and converts boxes', () => {
    const words = wordsFromTsv(TSV);
    expect(words.map((w) => [w.text, w.line])).toEqual([
      ['Quyết', 0],
      ['định', 0],
      ['Tờ', 1],
      ['ÐC', 2],
    ]);
    expect(words[1]!.bbox).toEqual({ x0: 140, y0: 12, x1: 240, y1: 50 });
    expect(words[1]!.confidence).toBe(91.3);
  });

  it('reads the Icelandic eth as the Vietnamese Đ, and averages word confidence', () => {
    expect(fixLookalikes('ÐC ðã')).toBe('ĐC đã');
    const page = toPageOcr('Quyết định\nTờ\nÐC\n', TSV, 3, 10);
    expect(page.text).toBe('Quyết định\nTờ\nĐC\n');
    expect(page.words[3]!.text).toBe('ĐC');
    expect(page.confidence).toBe(84.5);
    expect(page.pageNo).toBe(3);
  });
});
