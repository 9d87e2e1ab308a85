import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, ROOT, requireTool, tempDir } from '../helpers/cli.js';
import { bombJpeg, bombPdf, bombPng, bombTiff } from '../fixtures-gen/bombs.js';

/** Address-space ceiling for the whole sohoa process: peak RSS can only be lower. */
const LIMIT_BYTES = 1.5 * 1024 ** 3;

/**
 * Issue 16, case 4: an 875 KB PDF took 6.7–8.3 GB of RAM, decoded before the pixel check. Each
 * form of a 900-megapixel page must be refused from its header, under a 1.5 GB memory limit.
 */
describe('decompression bombs under a memory limit', () => {
  it.skipIf(!requireTool('prlimit'))('rejects the PNG, TIFF, JPEG and PDF bombs as too-large with exit 2, from their headers', async () => {
    const dir = tempDir('sohoa-bomb-');
    const inbox = path.join(dir, 'inbox');
    const old = Date.now() / 1000 - 3600;
    const put = (name: string, data: Buffer) => {
      const folder = path.join(inbox, '29236', `BOMB-${name.split('.')[1]}`, 'ho-so');
      mkdirSync(folder, { recursive: true });
      const p = path.join(folder, name);
      writeFileSync(p, data);
      utimesSync(p, old, old);
    };
    put('page.png', bombPng());
    put('page.tif', bombTiff());
    put('page.jpg', bombJpeg());
    put('page.pdf', bombPdf());
    // prlimit wraps node itself, so the limit holds for everything sohoa does with the inputs.
    const ws = path.join(dir, 'ws');
    const r = spawnSync('prlimit', [`--as=${LIMIT_BYTES}`, process.execPath, BIN, '--workspace', ws, 'ingest', inbox, '--settle-seconds', '0', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(2);
    const out = JSON.parse(r.stdout) as { registered: unknown[]; rejected: Array<{ file: string; reason: string }> };
    expect(out.registered).toEqual([]);
    expect(out.rejected.map((x) => [path.extname(x.file), x.reason]).sort()).toEqual([
      ['.jpg', 'too-large'],
      ['.pdf', 'too-large'],
      ['.png', 'too-large'],
      ['.tif', 'too-large'],
    ]);
  });

  it('refuses the PDF bomb where preprocessing opens PDFs too, before any decoding', async () => {
    const dir = tempDir('sohoa-bomb-ocr-');
    const file = path.join(dir, 'bomb.pdf');
    writeFileSync(file, bombPdf());
    const { openPdf } = await import('../../src/stages/preprocess/pdf-source.js');
    await expect(openPdf(file, 150_000_000)).rejects.toMatchObject({ reason: 'too-large' });
  });
});
