import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli.js';
import { cer } from '../../fixtures-gen/cer.js';
import { renderPage } from '../../fixtures-gen/render.js';

const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'no-network.cjs');

describe('sohoa ocr with no network', () => {
  it('loads tesseract core, worker and traineddata from disk: no fetch, socket or DNS lookup in any thread', async () => {
    const dir = tempDir();
    const tmp = path.join(dir, 'tmp'); // a fresh TMPDIR: nothing cached from earlier runs
    mkdirSync(tmp);
    const log = path.join(dir, 'net.log');
    writeFileSync(log, '');
    const r = await renderPage({ page: 2, dpi: 300, widthIn: 5, heightIn: 4, bodyLines: 4 });
    const img = path.join(dir, 'page.png');
    writeFileSync(img, r.image);
    const res = await runCli(['ocr', img, '--out', path.join(dir, 'out'), '--concurrency', '1'], {
      cwd: dir,
      env: { NODE_OPTIONS: `--require ${PRELOAD}`, SOHOA_TEST_NET_LOG: log, TMPDIR: tmp, http_proxy: '', https_proxy: '' },
    });
    const netLog = readFileSync(log, 'utf8');
    expect(res.stderr + res.stdout).not.toContain('network access denied');
    expect(netLog).not.toContain('NETWORK');
    // the guard really ran inside the OCR worker threads, not only the main thread
    expect(netLog).toMatch(/loaded in thread [1-9]/);
    expect(res.code).toBe(0);
    expect(cer(readFileSync(path.join(dir, 'out', 'page.txt'), 'utf8'), r.text)).toBeLessThan(0.02);
    expect(existsSync(path.join(dir, 'out', 'page.pdf'))).toBe(true);
    // tesseract.js must not leave a traineddata cache in the working folder
    expect(existsSync(path.join(dir, 'vie.traineddata'))).toBe(false);
  });
});
