import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OcrWord } from '../../../src/ports/ocr-engine.js';
import { createClassifier } from '../../../src/stages/classify/classifier.js';
import { readPage } from '../../../src/stages/classify/reading.js';
import { loadRules } from '../../../src/stages/classify/rules.js';
import { mergeIntoLines } from '../../../src/stages/preprocess/pdf-widgets.js';
import { openPdf } from '../../../src/stages/preprocess/pdf-source.js';
import { SHARED } from '../../helpers/cli.js';

// A born-digital report from a provincial e-office system: the clerk's signature fields carry
// the number ("329") and the day ("19"); the page's own text has blanks there.
const FILE = path.join(SHARED, 'corpus', 'documents', 'lamdong_329_BAO_CAO_CCHC_NAM_2025.pdf');

describe.skipIf(!existsSync(FILE))('text in signature fields (e-office number and day stamps)', () => {
  it('joins the text layer where it shows on the page, and makes the number and date printed values', async () => {
    const pdf = await openPdf(FILE, 2e9);
    const page = await pdf.render(1);
    await pdf.close();
    const lines = readPage(page.textWords, page.width).map((l) => l.text);
    expect(lines).toContain('Số: 329 /BC-UBND');
    expect(lines).toContain('Lâm Đồng, ngày 19 tháng 12 năm 2025');
    const readings = [{ source: 'text-layer' as const, lines: readPage(page.textWords, page.width) }];
    const c = createClassifier(loadRules(), undefined, 0.6).classify(lines.join('\n'), { textSource: 'text-layer', evidence: { readings } });
    expect(c.metadata.codeNumber).toMatchObject({ value: '329', source: 'printed' });
    expect(c.metadata.codeNumber!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(c.metadata.issuedDate).toMatchObject({ value: '2025-12-19', source: 'printed' });
    expect(c.reviewReasons).not.toContain('metadata:number-handwritten-or-stamped');
  });
});

describe('placing field words into the text layer', () => {
  const w = (text: string, x: number, y: number, line: number): OcrWord => ({ text, bbox: { x0: x, y0: y, x1: x + 40, y1: y + 20 }, confidence: 100, line });

  it('puts a word into the line level with it, before the first word to its right; a new line otherwise', () => {
    const layer = [w('Số:', 100, 100, 0), w('/BC-UBND', 300, 100, 0), w('BÁO', 200, 300, 1), w('CÁO', 250, 300, 1)];
    const merged = mergeIntoLines(layer, [w('329', 180, 102, -1), w('Ký', 500, 900, -1)]);
    expect(merged.map((m) => `${m.text}@${m.line}`)).toEqual(['Số:@0', '329@0', '/BC-UBND@0', 'BÁO@1', 'CÁO@1', 'Ký@2']);
    expect(mergeIntoLines([], [w('19', 10, 10, -1)])).toEqual([{ ...w('19', 10, 10, 0) }]);
  });
});
