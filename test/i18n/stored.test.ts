import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputRejectedError } from '../../src/errors.js';
import { t, type MessageKey } from '../../src/i18n/index.js';
import { sayStored, saidOfStored } from '../../src/i18n/stored.js';
import { sniffFile } from '../../src/stages/preprocess/sniff.js';
import { tempDir } from '../helpers/cli.js';

const asStrings = (p: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));

async function rejectionOf(file: string): Promise<InputRejectedError> {
  const err = await sniffFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof InputRejectedError)) throw new Error(`expected a rejection of ${file}`);
  return err;
}

/** The catalog stores a rejection's English message only; a later run reads its catalogue text back from it. */
describe('stored rejection messages', () => {
  it('reads back the key and params of a real rejection from its English message', async () => {
    const dir = tempDir('sohoa-stored-');
    const empty = path.join(dir, 'Hồ sơ 01', 'trang 1.png');
    const junk = path.join(dir, 'giay.png');
    mkdirSync(path.dirname(empty), { recursive: true });
    writeFileSync(empty, '');
    writeFileSync(junk, 'this is a text file, not a scan\n');
    for (const err of [await rejectionOf(empty), await rejectionOf(junk)]) {
      expect(err.key).toBeDefined();
      expect(saidOfStored(err.message)).toEqual({ key: err.key, params: asStrings(err.params) });
      expect(sayStored(err.message, 'vi')).toBe(t(err.key!, err.params, 'vi'));
    }
    expect(sayStored((await rejectionOf(empty)).message, 'vi')).toBe(`Tệp ${empty} rỗng, không phải bản quét`);
  });

  it('reads every rejection text with plain params back to its key and params', () => {
    const samples: Array<[MessageKey, Record<string, string>]> = [
      ['reject.lowDpi', { minDpi: '200', file: '/srv/inbox/842/H-1/ho-so/don.jpg', page: '1', dpi: '96', source: 'metadata' }],
      ['reject.encrypted', { file: '/srv/inbox/a.pdf' }],
      ['reject.truncated', { what: 'JPEG', file: '/srv/inbox/a.jpg' }],
      ['reject.corruptPage', { file: '/srv/inbox/a.tif', page: '3', detail: 'Input buffer contains unsupported image format' }],
      ['reject.missing', { file: '/srv/inbox/a.png', sha256: 'ab'.repeat(32) }],
      ['ocr.failedPage', { page: '2', detail: 'worker exited' }],
      ['ocr.pdfPageTooLarge', { limit: '268402689', file: '/srv/inbox/a.pdf', page: '1', width: '40000', height: '40000' }],
    ];
    for (const [key, params] of samples) expect(saidOfStored(t(key, params, 'en')), key).toEqual({ key, params });
  });

  it('takes the text that says more in its own words when a general one fits too', () => {
    // "Expected a readable {kind} in {file}: {detail}" fits both, with ", page 3" or ", got" in the file name.
    const page = 'Expected a readable image in /srv/inbox/a.tif, page 3: Input buffer contains unsupported image format';
    expect(saidOfStored(page)).toEqual({ key: 'reject.corruptPage', params: { file: '/srv/inbox/a.tif', page: '3', detail: 'Input buffer contains unsupported image format' } });
    expect(sayStored(page, 'vi')).toBe('Không đọc được ảnh trong /srv/inbox/a.tif, trang 3: Input buffer contains unsupported image format');
    const pdf = 'Expected a readable PDF in /srv/inbox/a.pdf, got: Invalid PDF structure.';
    expect(saidOfStored(pdf)).toMatchObject({ key: 'ocr.badPdf', params: { file: '/srv/inbox/a.pdf' } });
    expect(saidOfStored('Expected a readable TIFF in /srv/inbox/a.tif: bad IFD')).toMatchObject({ key: 'reject.corrupt', params: { kind: 'TIFF' } });
  });

  it('keeps the stored English when the reading is not exact and unambiguous', () => {
    // A file name with ": " in it: which colon ends the file and starts the detail? No key and params then;
    // the text is said only because both readings say the same words.
    const twoWays = 'Expected a readable TIFF in /srv/inbox/a: b.tif: bad data';
    expect(saidOfStored(twoWays)).toBeUndefined();
    expect(sayStored(twoWays, 'vi')).toBe('Không đọc được tệp TIFF /srv/inbox/a: b.tif: bad data');
    // Here the Vietnamese moves the pieces around, so the two readings say different things.
    const reordered = 'Expected at least 200 dpi for /srv/inbox/a, page 2.jpg, page 1, got 96 dpi (metadata)';
    expect(saidOfStored(reordered)).toBeUndefined();
    expect(sayStored(reordered, 'vi')).toBe(reordered);
    // Texts that are no rejection's, or one with words added.
    for (const text of ['', 'H-1/don: OCR engine crashed', 'Expected an unencrypted PDF in /a.pdf, got an encrypted one (twice)']) {
      expect(saidOfStored(text), text).toBeUndefined();
      expect(sayStored(text, 'vi')).toBe(text);
    }
    // A placeholder used twice must take the same text both times.
    const hint = t('reject.decideHint', { uid: 'DOC-1' }, 'en');
    expect(saidOfStored(hint, ['reject.decideHint'])).toEqual({ key: 'reject.decideHint', params: { uid: 'DOC-1' } });
    expect(saidOfStored(hint.replace(/DOC-1`\.$/, 'DOC-2`.'), ['reject.decideHint'])).toBeUndefined();
  });
});
