import { describe, expect, it } from 'vitest';
import { SigningError } from '../../../src/errors.js';
import { t } from '../../../src/i18n/index.js';
import { writeDssIncrement } from '../../../src/stages/sign/dss.js';

/** A PDF whose /Root is a number, not a catalog, with a correct cross-reference table (so it is not "repaired"). */
function pdfWithoutCatalog(): Buffer {
  const head = '%PDF-1.7\n';
  const obj = '1 0 obj\n42\nendobj\n';
  const xrefAt = head.length + obj.length;
  const xref = `xref\n0 2\n0000000000 65535 f \n${String(head.length).padStart(10, '0')} 00000 n \n`;
  return Buffer.from(`${head}${obj}${xref}trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1');
}

describe('rarer signing errors carry a catalogue key', () => {
  it('says a PDF with no catalog in the run language; the English message is the catalogue text', () => {
    let err: unknown;
    try {
      writeDssIncrement(pdfWithoutCatalog(), { certs: [], ocsps: [], crls: [] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SigningError);
    expect(err).toMatchObject({ key: 'sign.err.noCatalog' });
    expect(t('sign.err.noCatalog', undefined, 'en')).toBe((err as Error).message);
    expect(t('sign.err.noCatalog', undefined, 'vi')).toBe('Tệp PDF không có danh mục gốc (catalog)');
  });
});
