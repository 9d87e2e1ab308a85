/**
 * Issue 16 case 7: register and units files in legacy encodings. Every file here is made with
 * iconv-lite from the real fixture text, the way an office PC's export would write it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import { importRegister } from '../../src/registry/register-import.js';
import { importUnits } from '../../src/registry/units-import.js';
import { detectEncoding, guessCodePage } from '../../src/registry/encoding.js';
import { InputRejectedError } from '../../src/errors.js';
import { t } from '../../src/i18n/index.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const UNITS = readFileSync(path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv'), 'utf8');
const REGISTER = readFileSync(path.join(ROOT, 'fixtures/register/tra-vinh-2022.csv'), 'utf8').split('\n').slice(0, 40).join('\n') + '\n';

/**
 * Text as Windows writes it in code page 1258: the letters it has precomposed (â, ê, ô, ă, ơ, ư,
 * đ and some toned vowels) as one byte, other tones as a combining mark after the vowel.
 */
function toWindows1258(text: string): Buffer {
  const TONE = /[\u0300\u0301\u0303\u0309\u0323]/u;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const single = iconv.encode(ch, 'windows1258');
    if (!(single.length === 1 && single[0] === 0x3f && ch !== '?')) {
      out += ch;
      continue;
    }
    const parts = Array.from(ch.normalize('NFD'));
    const tones = parts.filter((c) => TONE.test(c));
    out += parts.filter((c) => !TONE.test(c)).join('').normalize('NFC') + tones.join('');
  }
  const bytes = iconv.encode(out, 'windows1258');
  if (iconv.decode(bytes, 'windows1258').normalize('NFC') !== text.normalize('NFC')) throw new Error('test helper: text not representable in CP1258');
  return bytes;
}

let dir: string;
let catalog: SqlCatalog;
beforeEach(() => {
  dir = tempDir();
  catalog = openSqliteCatalog(path.join(dir, 'ws'));
});
afterEach(() => catalog.close());

function write(name: string, bytes: Buffer): string {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

const names = () => catalog.units.all().map((u) => u.name).sort();

describe('register and units encodings', () => {
  it('imports units in UTF-8 with and without a BOM, UTF-16 LE and BE with a BOM: the same names', async () => {
    const expected = (await importUnits(catalog, write('utf8.csv', Buffer.from(UNITS, 'utf8'))), names());
    expect(expected).toContain('Xã Long Đức');
    const variants: Array<[string, Buffer, string]> = [
      ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(UNITS)]), 'UTF-8'],
      ['le.csv', iconv.encode(UNITS, 'utf16le', { addBOM: true }), 'UTF-16 LE'],
      ['be.csv', iconv.encode(UNITS, 'utf16be', { addBOM: true }), 'UTF-16 BE'],
    ];
    for (const [name, bytes, label] of variants) {
      const cat = openSqliteCatalog(path.join(dir, `ws-${name}`));
      try {
        const res = await importUnits(cat, write(name, bytes));
        expect(res.encoding, name).toBe(label);
        expect(cat.units.all().map((u) => u.name).sort(), name).toEqual(expected);
      } finally {
        cat.close();
      }
    }
  });

  it('converts a Windows-1258 units file (combining tones) to NFC UTF-8, with a note', async () => {
    const bytes = toWindows1258(UNITS);
    expect(bytes.includes(0xd2) || bytes.includes(0xf2)).toBe(true); // it really carries combining marks
    const res = await importUnits(catalog, write('cp1258.csv', bytes));
    expect(res.encoding).toMatch(/Windows-1258/);
    expect(res.note).toMatch(/Windows-1258.*converted/);
    const got = names();
    expect(got).toContain('Xã Long Đức');
    expect(got.every((n) => n === n.normalize('NFC'))).toBe(true);
    const utf8 = openSqliteCatalog(path.join(dir, 'ws2'));
    await importUnits(utf8, write('u.csv', Buffer.from(UNITS)));
    expect(got).toEqual(utf8.units.all().map((u) => u.name).sort());
    utf8.close();
  });

  it('converts a Windows-1258 register and keeps agency names intact', async () => {
    await importUnits(catalog, write('units.csv', Buffer.from(UNITS)));
    const res = await importRegister(catalog, write('reg.csv', toWindows1258(REGISTER)));
    expect(res.note).toMatch(/Windows-1258/);
    expect(res.inserted).toBe(39);
    const first = REGISTER.split('\n')[1]!.split(',');
    expect(catalog.dossiers.get(first[0]!)?.agency).toBe(first[3]);
  });

  it('refuses a Latin-1 / Windows-1252 file with exit-2 rejection naming the encoding and iconv, and imports nothing', async () => {
    await importUnits(catalog, write('units.csv', Buffer.from(UNITS)));
    const before = catalog.dossiers.count();
    const latin1 = iconv.encode(REGISTER, 'latin1'); // "Hàm Tân" survives, "Cầu Ngang" becomes "C?u Ngang"
    await expect(importRegister(catalog, write('reg-latin1.csv', latin1))).rejects.toMatchObject({
      exitCode: 2,
      reason: 'bad-encoding',
      message: expect.stringMatching(/Windows-1252 \/ Latin-1/),
      hint: expect.stringMatching(/iconv -f CP1252 -t UTF-8/),
    });
    await expect(importUnits(catalog, write('units-1252.csv', iconv.encode(UNITS, 'windows1252')))).rejects.toThrow(/Latin-1/);
    expect(catalog.dossiers.count()).toBe(before);
    // The person can still decide the names are right.
    const forced = await importRegister(catalog, write('reg-latin1.csv', latin1), { encoding: 'windows-1252' });
    expect(forced.note).toMatch(/--encoding windows-1252/);
  });

  it('tells Windows-1258 from Windows-1252 on short Vietnamese lines', () => {
    for (const line of ['Xã Hòa Thuận', 'UBND Huyện Cầu Ngang', 'Phường 4, thành phố Trà Vinh', 'Sở Tư pháp', 'Thị trấn Tiểu Cần']) {
      expect(guessCodePage(toWindows1258(line)), line).toBe('windows1258');
      expect(guessCodePage(iconv.encode(line, 'windows1252')), line).toBe('windows1252');
    }
  });

  it('refuses text that was converted twice (mojibake) and an Excel workbook', async () => {
    const twice = Buffer.from(iconv.decode(Buffer.from(UNITS, 'utf8'), 'windows1252'), 'utf8');
    await expect(detectEncoding(write('twice.csv', twice))).rejects.toThrow(/converted twice/);
    await expect(detectEncoding(write('book.csv', Buffer.from('PK\u0003\u0004rest of a zip')))).rejects.toThrow(/xlsx/);
  });

  it('says each refusal through the catalogues: the English text is the message and hint, the Vietnamese differs', async () => {
    const files = [
      write('twice2.csv', Buffer.from(iconv.decode(Buffer.from(UNITS, 'utf8'), 'windows1252'), 'utf8')),
      write('book2.csv', Buffer.from('PK\u0003\u0004rest of a zip')),
      write('latin1.csv', iconv.encode('code,name\n1,Café Noël Zoë\n2,Élan Garçon\n', 'windows1252')),
    ];
    const keys: string[] = [];
    for (const file of files) {
      const err = (await detectEncoding(file).catch((e: unknown) => e)) as InputRejectedError;
      expect(err, file).toBeInstanceOf(InputRejectedError);
      keys.push(err.key!);
      expect(t(err.key!, err.params, 'en')).toBe(err.message);
      expect(t(err.hintKey!, err.hintParams, 'en')).toBe(err.hint);
      expect(t(err.key!, err.params, 'vi')).not.toBe(err.message);
      expect(t(err.key!, err.params, 'vi')).toContain(file);
    }
    expect(keys).toEqual(['registry.convertedTwice', 'registry.workbook', 'registry.latin1At']);
  });
});

describe('duplicate codes within one file', () => {
  it('a register with a dossier code twice is refused, naming both lines; --skip-invalid keeps the first', async () => {
    await importUnits(catalog, write('units.csv', Buffer.from(UNITS)));
    const lines = REGISTER.trimEnd().split('\n').slice(0, 6);
    const dup = lines[2]!.split(',');
    dup[3] = 'UBND (the later and different row)';
    lines.push(dup.join(','));
    const f = write('dup.csv', Buffer.from(lines.join('\n') + '\n'));
    await expect(importRegister(catalog, f)).rejects.toThrow(new RegExp(`line 7: dossier_code "${dup[0]}" is already on line 3.*lines 3 and 7`));
    expect(catalog.dossiers.count()).toBe(0);
    const res = await importRegister(catalog, f, { skipInvalid: true });
    expect(res.skipped).toBe(1);
    expect(catalog.dossiers.get(dup[0]!)?.agency).toBe(lines[2]!.split(',')[3]);
  });

  it('a units file with a code twice, or a GSO export with a commune twice, is refused with both lines', async () => {
    const units = UNITS.trimEnd().split('\n');
    units.push('29236,Phường Bốn,Phường,commune,842');
    await expect(importUnits(catalog, write('dup-units.csv', Buffer.from(units.join('\n'))))).rejects.toThrow(
      new RegExp(`line ${units.length}: unit code 29236 is already on line 4.*lines 4 and ${units.length}`),
    );
    const gso = ['Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp', 'Tỉnh Trà Vinh,84,Thành phố Trà Vinh,842,Phường 4,29236,Phường', 'Tỉnh Trà Vinh,84,Thành phố Trà Vinh,842,Phường 1,29239,Phường', 'Tỉnh Trà Vinh,84,Thành phố Trà Vinh,842,Phường 5,29236,Phường'];
    await expect(importUnits(catalog, write('gso.csv', Buffer.from(gso.join('\n'))))).rejects.toThrow(/line 4: unit code 29236 is already on line 2/);
    expect(catalog.units.all()).toHaveLength(0);
  });
});
