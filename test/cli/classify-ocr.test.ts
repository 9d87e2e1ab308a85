import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../fixtures-gen/render.js';
import { runCli, tempDir } from '../helpers/cli.js';

describe('sohoa classify on scans (real OCR)', () => {
  it('OCRs an image, then classifies it and reads its metadata; a broken image is rejected', async () => {
    const dir = tempDir();
    const png = path.join(dir, 'decision.png');
    writeFileSync(png, (await renderPage({ page: 1, dpi: 300, format: 'png' })).image);
    const broken = path.join(dir, 'broken.jpg');
    writeFileSync(broken, 'not a jpeg');
    const res = await runCli(['classify', png, broken, '--json', '--concurrency', '1']);
    expect(res.code, res.stderr).toBe(2);
    const [scan, bad] = (JSON.parse(res.stdout) as { results: Array<Record<string, any>> }).results;
    expect(scan!.source).toBe('ocr');
    expect(scan!.classification.type).toBe('quyet-dinh');
    expect(scan!.classification.metadata.codeNotation.value).toBe('QĐ-UBND');
    expect(bad!.status).toBe('rejected');
  });
});
