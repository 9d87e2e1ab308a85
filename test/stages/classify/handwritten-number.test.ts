import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TesseractPool } from '../../../src/adapters/tesseract/pool.js';
import { createClassifier } from '../../../src/stages/classify/classifier.js';
import { findNumberLine, restoreAbbr } from '../../../src/stages/classify/notation.js';
import { readPage } from '../../../src/stages/classify/reading.js';
import { loadRules } from '../../../src/stages/classify/rules.js';
import { BUILTIN_TYPES } from '../../../src/stages/classify/taxonomy.js';
import { preparePage } from '../../../src/stages/preprocess/page.js';
import { handwrittenNumberPage } from '../../fixtures-gen/handwritten-number.js';
import { tempDir } from '../../helpers/cli.js';

const ABBR = BUILTIN_TYPES.flatMap((t) => (t.abbr ? [t.abbr] : []));
const notationOf = (line: string) => findNumberLine(['ỦY BAN NHÂN DÂN', 'XÃ LONG ĐỨC', line], 16, ABBR);

// What tesseract.js made of number lines whose number was written by hand over the "/".
describe('a notation whose "/" OCR lost under a handwritten number', () => {
  it.each([
    ['Số:   Z2(ØTB-UBND', 'TB-UBND'],
    ['Số   .2ZKH-UBND', 'KH-UBND'],
    ['số   94QĐ-UBND', 'QĐ-UBND'],
    ['Số: 42 7Qb-UBND', 'QĐ-UBND'],
    ['số: 464 TB-UBND', 'TB-UBND'],
    ['Số:.29(KH-UBND', 'KH-UBND'],
    ['Số: 1716xUBND-VP', 'UBND-VP'],
  ])('%s → %s, noisy, with no number', (line, notation) => {
    const nl = notationOf(line);
    expect(nl?.notation).toBe(notation);
    expect(nl?.noisy).toBe(true);
    expect(nl?.number).toBeUndefined(); // digits glued to a scrawl are not a reading of it
  });

  it('reads nothing where there is no known head or the segments are words', () => {
    expect(notationOf('Số: 27ZIB-UBND')?.notation).toBeUndefined(); // "IB" is no abbreviation
    expect(notationOf('Số:   Độc lập - Tự do')?.notation).toBeUndefined();
    expect(findNumberLine(['Số:   94QĐ-UBND'])?.notation).toBeUndefined(); // without the abbreviations, no guess
  });

  it('restores a Đ that OCR read as a lower-case b, only where one abbreviation fits', () => {
    expect(restoreAbbr('Qb-UBND', ABBR)).toBe('QĐ-UBND');
    expect(restoreAbbr('BB-UBND', ABBR)).toBeUndefined(); // biên bản stays
  });
});

describe('handwritten numbers on rendered pages, through real OCR', () => {
  let pool: TesseractPool;
  beforeAll(async () => {
    pool = await TesseractPool.create({ size: 1, lang: 'vie+eng' });
  }, 300_000);
  afterAll(async () => {
    await pool?.terminate();
  });
  const classifier = createClassifier(loadRules(), undefined, 0.6);

  // Pages 0 and 2 of the tune split: before this reading, OCR glued the number to the notation
  // ("Z2(ØTB-UBND", "94QĐ-UBND") and neither notation was read.
  it.each([0, 2])('page %i: the printed notation is read, the handwritten number gets no confident value', async (n) => {
    const page = handwrittenNumberPage('tune', n);
    const prepared = await preparePage(
      { type: 'raw', file: `handwritten-${n}.png`, page: 1, rgba: page.rgba, width: page.width, height: page.height, dpi: page.dpi },
      { pageNo: 1, pagesDir: tempDir('sohoa-handwritten-'), minDpi: 0, limitInputPixels: 1e9 },
    );
    const ocr = await pool.recognize(prepared.ocrImagePath, 1);
    const lines = readPage(ocr.words, prepared.width);
    const c = classifier.classify(lines.map((l) => l.text).join('\n'), { evidence: { readings: [{ source: 'ocr', lines }] } });
    expect(c.metadata.codeNotation?.value).toBe(page.notation);
    expect(c.metadata.codeNotation!.confidence).toBeLessThan(0.9);
    const num = c.metadata.codeNumber;
    expect(num === undefined || num.confidence < 0.9).toBe(true);
    expect(c.needsReview).toBe(true);
  }, 120_000);
});
