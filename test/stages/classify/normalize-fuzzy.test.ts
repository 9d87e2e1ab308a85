import { describe, expect, it } from 'vitest';
import { allowedEdits, editDistance, fuzzyFind } from '../../../src/stages/classify/fuzzy.js';
import { compact, foldAligned, foldText, isUpperLine } from '../../../src/stages/classify/normalize.js';
import { prng } from '../../../src/registry/sample-register.js';

describe('foldText', () => {
  it('folds diacritics (đ → d), case and whitespace', () => {
    expect(foldText('  QUYẾT   ĐỊNH\tVề việc  ')).toBe('quyet dinh ve viec');
    expect(foldText('Đơn đề nghị')).toBe('don de nghi');
    expect(foldText('Giấy chứng nhận quyền sử dụng đất')).toBe('giay chung nhan quyen su dung dat');
  });

  it('treats decomposed, stacked and swapped marks like the clean word', () => {
    const decomposed = 'Quyết định'.normalize('NFD');
    const stacked = 'Quyết\u0301 đi\u0323\u0309nh';
    expect(foldText(decomposed)).toBe('quyet dinh');
    expect(foldText(stacked)).toBe('quyet dinh');
    expect(foldText('Qụyết đìnḥ')).toBe('quyet dinh');
  });

  it('keeps offsets aligned so matches on folded text index the original', () => {
    const { original, folded } = foldAligned('Số: 12/QĐ-UBND');
    expect(folded.length).toBe(original.length);
    const at = folded.indexOf('qd-ubnd');
    expect(original.slice(at, at + 7)).toBe('QĐ-UBND');
  });

  it('compacts away spaces and punctuation, and recognises capitalised lines', () => {
    expect(compact(foldText('Quy ết đ ịnh'))).toBe('quyetdinh');
    expect(isUpperLine('QUYẾT ĐỊNH')).toBe(true);
    expect(isUpperLine('QUYẾT ĐlNH')).toBe(true);
    expect(isUpperLine('Về việc công bố')).toBe(false);
  });
});

describe('fuzzyFind', () => {
  it('tolerates OCR errors within the allowed edits', () => {
    expect(fuzzyFind('quyetdinh', 'quyetlinh')?.distance).toBe(1); // "định" read as "lịnh"
    expect(fuzzyFind('quyetdinh', 'xxquyetdlnyy')?.distance).toBe(2);
    expect(fuzzyFind('giayuyquyen', 'giayuyqueny')?.distance).toBe(1);
    expect(fuzzyFind('bienban', 'bienlai')).toBeUndefined();
    expect(fuzzyFind('tokhai', 'tokhai', 0)).toEqual({ distance: 0, end: 6 });
    expect(allowedEdits(4)).toBe(0);
  });

  it('agrees with plain dynamic programming on random strings (bit-parallel and long patterns)', () => {
    const r = prng(7);
    const word = (n: number) => Array.from({ length: n }, () => 'abcd'[Math.floor(r() * 4)]).join('');
    for (let k = 0; k < 300; k++) {
      const pattern = word(3 + Math.floor(r() * 40));
      const text = word(Math.floor(r() * 80));
      // Reference: minimum over all substrings of the edit distance.
      let best = pattern.length;
      for (let i = 0; i <= text.length; i++) for (let j = i; j <= text.length; j++) best = Math.min(best, editDistance(pattern, text.slice(i, j)));
      const maxEdits = 3;
      const hit = fuzzyFind(pattern, text, maxEdits);
      if (best <= maxEdits) expect(hit?.distance, `${pattern} in ${text}`).toBe(best);
      else expect(hit).toBeUndefined();
    }
  });
});
