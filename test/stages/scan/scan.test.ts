import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { scanSchema } from '../../../src/config/schema.js';
import { ScannerError, UsageError } from '../../../src/errors.js';
import type { AcquireRequest, Scanner } from '../../../src/ports/scanner.js';
import { scanToInbox } from '../../../src/stages/scan/index.js';
import { barcodePage } from '../../fixtures-gen/barcode-pages.js';
import { tempDir } from '../../helpers/cli.js';

/**
 * SANE's test backend has no duplex source and prints no barcodes, so these cases feed generated
 * pages through the Scanner port (the SANE adapter itself is tested in test/interop/scan-sane).
 * `stopWith` injects a fault after the pages, as a jam would.
 */
function paperScanner(pages: Buffer[], stopWith?: ScannerError): Scanner & { asked?: AcquireRequest } {
  const s: Scanner & { asked?: AcquireRequest } = {
    list: async () => [],
    async acquire(req) {
      s.asked = req;
      pages.forEach((p, i) => writeFileSync(path.join(req.outDir, `page-${String(i + 1).padStart(4, '0')}.png`), p));
      return { pages: pages.map((_, i) => path.join(req.outDir, `page-${String(i + 1).padStart(4, '0')}.png`)), error: stopWith, used: { source: req.source, mode: req.mode, resolution: req.resolution } };
    },
  };
  return s;
}

const blank = () => sharp({ create: { width: 1240, height: 1750, channels: 3, background: '#fbfaf6' } }).png().toBuffer();
const A = '29236-2022-0000152';
const B = '29236-2022-0000153';

describe('sohoa scan (stage)', () => {
  it('duplex: blank backsides are dropped by the blank-page check and counted; a written backside is kept', async () => {
    const dir = tempDir('sohoa-scan-duplex-');
    const inbox = path.join(dir, 'inbox');
    const front1 = (await barcodePage({ code: A })).png;
    const front2 = (await barcodePage({ page: 2 })).png;
    const back2 = (await barcodePage({ page: 3 })).png;
    const front3 = (await barcodePage({ code: B, symbology: 'qrcode' })).png;
    const scanner = paperScanner([front1, await blank(), front2, back2, front3, await blank()]);
    const r = await scanToInbox(scanner, { inbox, unit: '29236', part: 'ho-so', split: true, config: scanSchema.parse({ source: 'ADF-Duplex' }), workDir: path.join(dir, 'ws', 'scan') });
    expect(r.scanned).toBe(6);
    expect(r.dropped.map((d) => [d.page, d.why])).toEqual([[2, 'blank-backside'], [6, 'blank-backside']]);
    expect(r.filed.map((f) => [f.page, f.dossier])).toEqual([[1, A], [3, A], [4, A], [5, B]]);
    expect(readdirSync(path.join(dir, 'ws', 'scan'))).toEqual([]); // the private batch folder is removed
  });

  it('asks the scanner for Decree 30 defaults: feeder, colour, 300 dpi; refuses below 200 dpi and a scan with no dossier', async () => {
    const dir = tempDir('sohoa-scan-defaults-');
    const scanner = paperScanner([(await barcodePage({ page: 1 })).png]);
    const r = await scanToInbox(scanner, { inbox: path.join(dir, 'inbox'), unit: '29236', dossier: A, part: 'ket-qua', split: false, config: scanSchema.parse({}), workDir: path.join(dir, 'scan') });
    expect(scanner.asked).toMatchObject({ source: 'ADF', mode: 'Color', resolution: 300 });
    expect(r.filed).toEqual([{ page: 1, dossier: A, part: 'ket-qua', file: expect.stringContaining(path.join('29236', A, 'ket-qua', `${r.batch}_p0001.png`)) }]);
    const low = { ...scanSchema.parse({}), resolution: 150 };
    await expect(scanToInbox(scanner, { inbox: dir, unit: '29236', dossier: A, part: 'ho-so', split: false, config: low, workDir: dir })).rejects.toThrow(/at least 200 dpi/);
    await expect(scanToInbox(scanner, { inbox: dir, unit: '29236', part: 'ho-so', split: false, config: scanSchema.parse({}), workDir: dir })).rejects.toBeInstanceOf(UsageError);
    await expect(scanToInbox(scanner, { inbox: dir, unit: '../x', dossier: A, part: 'ho-so', split: false, config: scanSchema.parse({}), workDir: dir })).rejects.toBeInstanceOf(UsageError);
  });

  it('a jam after some pages: the pages before it are filed, and the error comes back with them', async () => {
    const dir = tempDir('sohoa-scan-jam-');
    const jam = new ScannerError('jammed', 'Paper jam in the document feeder');
    const pages = [(await barcodePage({ code: A })).png, (await barcodePage({ page: 2 })).png];
    const r = await scanToInbox(paperScanner(pages, jam), { inbox: path.join(dir, 'inbox'), unit: '29236', part: 'ho-so', split: true, config: scanSchema.parse({}), workDir: path.join(dir, 'scan') });
    expect(r.error?.reason).toBe('jammed');
    expect(r.filed.map((f) => f.page)).toEqual([1, 2]);
    expect(readdirSync(path.join(dir, 'inbox', '29236', A, 'ho-so'))).toHaveLength(2);
  });
});
