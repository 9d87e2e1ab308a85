import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool, runCli, tempDir } from '../helpers/cli.js';
import { makeTestPki, PASSPHRASE } from '../helpers/pki.js';
import { makePdf } from '../stages/sign/fixtures.js';

const hasTools = requireTool('pdfsig') && requireTool('qpdf');

/**
 * A batch signs its first file under the full verifier and the rest under the quick self-check
 * (self-check.ts). pdfsig and qpdf judge every output, so the quick path is judged too.
 */
describe.skipIf(!hasTools)('sohoa sign FILE... --out-dir judged by pdfsig and qpdf', () => {
  it('every output of a batch with the visible box is valid and covers the whole file', async () => {
    const dir = tempDir();
    const pki = makeTestPki(path.join(dir, 'pki'));
    const files: string[] = [];
    for (let i = 0; i < 5; i++) {
      const f = path.join(dir, `hs-${i}.pdf`);
      writeFileSync(f, await makePdf(1 + (i % 2), i % 2 === 1));
      files.push(f);
    }
    const outDir = path.join(dir, 'signed');
    const r = await runCli(['sign', ...files, '--out-dir', outDir, '--p12', pki.signerP12, '--passphrase-env', 'SOHOA_TEST_P12_PASS', '--agency', 'UBND xã Long Đức, tỉnh Vĩnh Long'], {
      env: { SOHOA_TEST_P12_PASS: PASSPHRASE },
    });
    expect(r.code, r.stderr).toBe(0);
    const outs = readdirSync(outDir).map((f) => path.join(outDir, f));
    expect(outs).toHaveLength(5);
    for (const out of outs) {
      const p = spawnSync('pdfsig', [out], { encoding: 'utf8' });
      expect(p.stdout, out).toContain('Signature is Valid');
      expect(p.stdout, out).toContain('Total document signed');
      const q = spawnSync('qpdf', ['--check', out], { encoding: 'utf8' });
      expect(q.status, q.stdout + q.stderr).toBe(0);
    }
    const v = await runCli(['verify', '--trust', pki.trustDir, ...outs]);
    expect(v.code, v.stdout).toBe(0);
  });
});
