import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { separatorSheetsPdf } from '../../../src/stages/scan/separators.js';
import { openPdf } from '../../../src/stages/preprocess/pdf-source.js';
import { readCodes } from '../../../src/stages/scan/barcode.js';
import { runCli, tempDir } from '../../helpers/cli.js';

describe('separator sheets (bwip-js)', () => {
  it('each sheet carries its code as Code 128 and QR, which the splitter reads back', async () => {
    const file = path.join(tempDir('sohoa-sep-'), 'sep.pdf');
    writeFileSync(file, await separatorSheetsPdf([{ text: '29236-2022-0000152', caption: 'x' }, { text: 'KET-QUA', caption: 'y' }]));
    const pdf = await openPdf(file, 150_000_000);
    try {
      expect(pdf.numPages).toBe(2);
      const read = async (n: number) => {
        const r = await pdf.render(n);
        return readCodes({ data: r.rgba, width: r.width, height: r.height, channels: 4 }, ['Code128', 'QRCode']);
      };
      expect(await read(1)).toEqual(['29236-2022-0000152', '29236-2022-0000152']);
      expect(await read(2)).toEqual(['KET-QUA', 'KET-QUA']);
    } finally {
      await pdf.close();
    }
  });

  it('`sohoa scan separators` refuses a code the dossier pattern would not take (it would merge two dossiers)', async () => {
    const dir = tempDir('sohoa-sep-cli-');
    const bad = await runCli(['--workspace', path.join(dir, 'ws'), 'scan', 'separators', 'HS 12', '--out', path.join(dir, 'x.pdf')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/scan.dossierPattern/);
    const ok = await runCli(['--workspace', path.join(dir, 'ws'), '--json', 'scan', 'separators', '29236-2022-0000152', '--result-marker', '--out', path.join(dir, 'sep.pdf')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).sheets).toEqual(['29236-2022-0000152', 'KET-QUA']);
  });
});
