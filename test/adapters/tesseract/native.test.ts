import { describe, expect, it } from 'vitest';
import { splitTsvPages, textFromTsv } from '../../../src/adapters/tesseract/native.js';

const row = (page: number, line: number, word: number, text: string) => ['5', page, 1, 1, line, word, 10 * word, 20 * line, 9, 12, 95, text].join('\t');
const HEADER = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';

describe('splitTsvPages: the TSV of a multi-page tesseract run, page by page', () => {
  it('gives each page its own rows, in order', () => {
    const tsv = [HEADER, row(1, 1, 1, 'Số:'), row(1, 1, 2, '542/TB-UBND'), row(2, 1, 1, 'QUYẾT'), row(2, 2, 1, 'ĐỊNH'), ''].join('\n');
    const pages = splitTsvPages(tsv, 2);
    expect(textFromTsv(pages[0]!)).toBe('Số: 542/TB-UBND\n');
    expect(textFromTsv(pages[1]!)).toBe('QUYẾT\nĐỊNH\n');
  });

  it('throws when a page has no rows, so the batch is retried page by page', () => {
    expect(() => splitTsvPages([HEADER, row(1, 1, 1, 'a'), row(3, 1, 1, 'c')].join('\n'), 3)).toThrow(/each of 3 pages/);
  });
});
