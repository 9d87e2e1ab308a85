import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { signatureWidgetRects } from '../../src/stages/sign/incremental.js';
import { intersects, normalizeRect, type Rect } from '../../src/stages/sign/placement.js';
import { PdfFile } from '../../src/verify/pdf/file.js';
import { imagePdf } from '../fixtures-gen/files.js';
import { renderPage } from '../fixtures-gen/render.js';
import { requireTool, runCli, tempDir } from '../helpers/cli.js';
import { makeTestPki, PASSPHRASE } from '../helpers/pki.js';

const hasTools = requireTool('pdftoppm') && requireTool('pdfsig');
const DPI = 100;

/** Page 1 rendered by poppler, as raw RGB. */
async function render(pdf: string): Promise<{ data: Buffer; width: number; height: number }> {
  const r = spawnSync('pdftoppm', ['-f', '1', '-l', '1', '-r', String(DPI), '-png', pdf], { maxBuffer: 64 << 20 });
  expect(r.status, r.stderr?.toString()).toBe(0);
  const { data, info } = await sharp(r.stdout).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Pixel statistics inside a widget rect (page space, origin bottom left), 2 px in from the border. */
function inside(img: { data: Buffer; width: number; height: number }, rect: Rect, pageHeight: number) {
  const s = DPI / 72;
  const x0 = Math.ceil(rect[0] * s) + 2;
  const x1 = Math.floor(rect[2] * s) - 2;
  const y0 = Math.ceil((pageHeight - rect[3]) * s) + 2;
  const y1 = Math.floor((pageHeight - rect[1]) * s) - 2;
  let n = 0;
  let coloured = 0;
  let white = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = 3 * (y * img.width + x);
      const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
      n++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 24) coloured++;
      if (r >= 250 && g >= 250 && b >= 250) white++;
    }
  return { n, coloured, white };
}

describe.skipIf(!hasTools)('visible signature boxes on a colour scan, rendered by poppler (issue 12, case 6)', () => {
  const dir = tempDir();
  const pki = makeTestPki(path.join(dir, 'pki'));
  const env = { SOHOA_TEST_P12_PASS: PASSPHRASE };
  const key = ['--p12', pki.signerP12, '--passphrase-env', 'SOHOA_TEST_P12_PASS'];

  it('two signatures: boxes apart and on the page, each opaque over the red seal and the tinted paper', async () => {
    // A5 colour scan at 200 dpi: tinted paper with grain, header text, red seal at the top right.
    const page = await renderPage({ colour: true, dpi: 200, format: 'jpeg' });
    const input = path.join(dir, 'scan.pdf');
    writeFileSync(input, await imagePdf([page.image], 200));
    const once = path.join(dir, 'once.pdf');
    const twice = path.join(dir, 'twice.pdf');
    let r = await runCli(['sign', input, '--out', once, ...key, '--agency', 'Ủy ban nhân dân xã Long Đức, tỉnh Vĩnh Long'], { env });
    expect(r.code, r.stderr).toBe(0);
    r = await runCli(['sign', once, '--out', twice, ...key, '--agency', 'Sở Tư pháp tỉnh Vĩnh Long', '--copy-type', 'SAO LỤC'], { env });
    expect(r.code, r.stderr).toBe(0);

    const f = PdfFile.open(readFileSync(twice));
    const mediaBox = normalizeRect((f.inherited(f.pages()[0]!, 'MediaBox') as number[]).map(Number));
    const rects = signatureWidgetRects(f, f.dict(f.pages()[0]!)!).map(normalizeRect);
    expect(rects).toHaveLength(2);
    expect(intersects(rects[0]!, rects[1]!)).toBe(false);
    for (const rect of rects) {
      expect(rect[0]).toBeGreaterThanOrEqual(mediaBox[0]);
      expect(rect[1]).toBeGreaterThanOrEqual(mediaBox[1]);
      expect(rect[2]).toBeLessThanOrEqual(mediaBox[2]);
      expect(rect[3]).toBeLessThanOrEqual(mediaBox[3]);
    }

    const pageHeight = mediaBox[3] - mediaBox[1];
    const scan = await render(input);
    const signed = await render(twice);
    // The fixture really has the seal and tinted, grainy paper under the first box...
    const under = inside(scan, rects[0]!, pageHeight);
    expect(under.coloured).toBeGreaterThan(50);
    expect(under.white / under.n).toBeLessThan(0.5);
    // ...and in the signed rendering every box shows only white ground and black text.
    for (const rect of rects) {
      const box = inside(signed, rect, pageHeight);
      expect(box.coloured, `coloured pixels inside ${rect}`).toBe(0);
      expect(box.white / box.n).toBeGreaterThan(0.7);
    }
    const sigs = spawnSync('pdfsig', [twice], { encoding: 'utf8' }).stdout;
    expect(sigs.match(/Signature is Valid/g)).toHaveLength(2);
  });
});
