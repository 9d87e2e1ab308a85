import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool, runCli, tempDir } from '../helpers/cli.js';
import { cer } from '../fixtures-gen/cer.js';
import { imagePdf, textPdf } from '../fixtures-gen/files.js';
import { renderPage } from '../fixtures-gen/render.js';

const haveTools = requireTool('qpdf') && requireTool('pdftotext') && requireTool('pdfinfo');

describe.skipIf(!haveTools)('sohoa ocr output judged by qpdf and poppler', () => {
  it('writes searchable PDFs that pass qpdf --check, extract in reading order with pdftotext, and keep real page size', async () => {
    const dir = tempDir();
    const grey = await renderPage({ page: 1, dpi: 300, rotateDeg: 1 });
    const colour = await renderPage({ page: 2, dpi: 200, rotateDeg: -0.6, colour: true, format: 'jpeg' });
    const scanPdf = await renderPage({ page: 3, dpi: 300, format: 'jpeg' });
    writeFileSync(path.join(dir, 'quyet-dinh.png'), grey.image);
    writeFileSync(path.join(dir, 'to-khai.jpg'), colour.image);
    writeFileSync(path.join(dir, 'scan.pdf'), await imagePdf([scanPdf.image], 300));
    writeFileSync(path.join(dir, 'van-ban.pdf'), await textPdf(['Văn bản có lớp chữ sẵn', 'Ủy ban nhân dân tỉnh Vĩnh Long']));
    const out = path.join(dir, 'out');
    const res = await runCli(['ocr', 'quyet-dinh.png', 'to-khai.jpg', 'scan.pdf', 'van-ban.pdf', '--out', out], { cwd: dir });
    expect(res.code, res.stderr).toBe(0);

    const truths: Record<string, string> = { 'quyet-dinh': grey.text, 'to-khai': colour.text, scan: scanPdf.text, 'van-ban': 'Văn bản có lớp chữ sẵn\nỦy ban nhân dân tỉnh Vĩnh Long' };
    for (const [name, truth] of Object.entries(truths)) {
      const pdf = path.join(out, `${name}.pdf`);
      const check = spawnSync('qpdf', ['--check', pdf], { encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
      expect(cer(text, truth), `${name}: ${text}`).toBeLessThan(0.02);
      expect(cer(readFileSync(path.join(out, `${name}.txt`), 'utf8'), truth)).toBeLessThan(0.02);
    }
    // 5.83 × 8.27 in (A5) at its own resolution: 420 × 595 pt
    const info = execFileSync('pdfinfo', [path.join(out, 'to-khai.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+41\d\.\d+ x 59\d\.\d+ pts/);
    expect(info).toMatch(/Title:\s+to-khai/);
    const meta = execFileSync('pdfinfo', ['-meta', path.join(out, 'quyet-dinh.pdf')], { encoding: 'utf8' });
    expect(meta).toContain('<pdfaid:part>2</pdfaid:part>');
  });

  it('rejects a really encrypted PDF (qpdf --encrypt) with exit 2 and goes on with the rest', async () => {
    const dir = tempDir();
    const page = await renderPage({ page: 4, dpi: 300, widthIn: 4, heightIn: 3, bodyLines: 2, format: 'jpeg' });
    writeFileSync(path.join(dir, 'plain.pdf'), await imagePdf([page.image], 300));
    execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', path.join(dir, 'plain.pdf'), path.join(dir, 'secret.pdf')]);
    execFileSync('qpdf', ['--encrypt', '', 'owner', '256', '--', path.join(dir, 'plain.pdf'), path.join(dir, 'no-user-pw.pdf')]);
    const res = await runCli(['ocr', 'secret.pdf', 'no-user-pw.pdf', 'plain.pdf', '--out', 'out'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(/rejected\s+secret\.pdf: Expected an unencrypted PDF/);
    expect(res.stdout).toMatch(/rejected\s+no-user-pw\.pdf: Expected an unencrypted PDF/);
    expect(res.stdout).toContain('1 done, 2 rejected');
  });
});
