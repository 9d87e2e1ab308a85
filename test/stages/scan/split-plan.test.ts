import { describe, expect, it } from 'vitest';
import { scanSchema } from '../../../src/config/schema.js';
import { dossierCodeIn, planSplit, splitRules } from '../../../src/stages/scan/split.js';

const rules = splitRules(scanSchema.parse({}));
const page = (...codes: string[]) => ({ codes });
const A = '29236-2022-0000152';
const B = '842-2022-0000002';

describe('splitting a stack by barcode (plan)', () => {
  it('the default pattern takes dossier codes, not product barcodes, ID-card QR codes or URLs', () => {
    expect(dossierCodeIn('84-2022-0000109', rules)).toBe('84-2022-0000109');
    expect(dossierCodeIn('000.00.12.H62-220315-0001', rules)).toBe('000.00.12.H62-220315-0001');
    expect(dossierCodeIn('8934563138165', rules)).toBeUndefined(); // EAN-13 on a product
    expect(dossierCodeIn('079203001234|123456789|Nguyen Van A|01012000|Nam|...', rules)).toBeUndefined(); // CCCD QR
    expect(dossierCodeIn('https://dichvucong.gov.vn/p/home', rules)).toBeUndefined();
  });

  it('a named group picks the code out of a longer text; codes that are not safe folder names never start a dossier', () => {
    const r = splitRules({ ...scanSchema.parse({}), dossierPattern: '^HS:(?<code>.+)$' });
    expect(dossierCodeIn('HS:29236-2022-0000152', r)).toBe('29236-2022-0000152');
    expect(dossierCodeIn('HS:../../etc', r)).toBeUndefined();
    expect(dossierCodeIn('HS:_stack', r)).toBeUndefined();
    expect(() => splitRules({ ...scanSchema.parse({}), dossierPattern: '([' })).toThrow(/scan.dossierPattern/);
  });

  it('pages before the first barcode are held, never dropped; each code starts a dossier; the marker switches to ket-qua', () => {
    const plan = planSplit([page(), page(A), page(), page('KET-QUA'), page(), page(B), page()], rules, { part: 'ho-so' });
    expect(plan).toEqual([
      { action: 'hold' },
      { action: 'file', dossier: A, part: 'ho-so' },
      { action: 'file', dossier: A, part: 'ho-so' },
      { action: 'drop', why: 'result-marker' },
      { action: 'file', dossier: A, part: 'ket-qua' },
      { action: 'file', dossier: B, part: 'ho-so' },
      { action: 'file', dossier: B, part: 'ho-so' },
    ]);
  });

  it('two dossiers back to back: two receipts in a row give a one-page dossier, then the next', () => {
    expect(planSplit([page(A), page(B), page()], rules, { part: 'ho-so' })).toEqual([
      { action: 'file', dossier: A, part: 'ho-so' },
      { action: 'file', dossier: B, part: 'ho-so' },
      { action: 'file', dossier: B, part: 'ho-so' },
    ]);
  });

  it('separator sheets are dropped when configured; the same code again goes on with the same dossier and part', () => {
    const sep = splitRules({ ...scanSchema.parse({}), codePage: 'drop' });
    expect(planSplit([page(A), page(), page('KET-QUA'), page(A), page()], sep, { part: 'ho-so' }).map((p) => (p.action === 'file' ? `${p.dossier === A ? 'A' : 'B'}/${p.part}` : p.action))).toEqual([
      'drop',
      'A/ho-so',
      'drop',
      'drop',
      'A/ket-qua',
    ]);
  });

  it('a --dossier given for the start takes the pages before the first barcode; blank backsides are dropped', () => {
    expect(planSplit([page(), { codes: [], blankBackside: true }, page(B)], rules, { dossier: A, part: 'ket-qua' })).toEqual([
      { action: 'file', dossier: A, part: 'ket-qua' },
      { action: 'drop', why: 'blank-backside' },
      { action: 'file', dossier: B, part: 'ket-qua' },
    ]);
  });
});
