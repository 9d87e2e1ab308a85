import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool, runCli, tempDir } from '../helpers/cli.js';
import { makeTestPki, PASSPHRASE, startTsa, type LocalTsa } from '../helpers/pki.js';
import { makePdf } from '../stages/sign/fixtures.js';

const hasTools = requireTool('openssl') && requireTool('pdfsig');

describe.skipIf(!hasTools)('PAdES B-T with a local openssl TSA', () => {
  const dir = tempDir();
  const pki = makeTestPki(path.join(dir, 'pki'));
  const env = { SOHOA_TEST_P12_PASS: PASSPHRASE };
  const key = ['--p12', pki.signerP12, '--passphrase-env', 'SOHOA_TEST_P12_PASS', '--appearance', 'none'];
  let tsa: LocalTsa;
  let replaying: LocalTsa;
  const input = path.join(dir, 'in.pdf');

  beforeAll(async () => {
    writeFileSync(input, await makePdf());
    tsa = await startTsa(pki);
    replaying = await startTsa(pki, { replay: true });
  });
  afterAll(async () => {
    await tsa?.close();
    await replaying?.close();
  });

  it('adds a signature timestamp that sohoa verify and pdfsig accept', async () => {
    const out = path.join(dir, 'bt.pdf');
    const r = await runCli(['sign', input, '--out', out, ...key, '--tsa', tsa.url], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(tsa.requests).toBeGreaterThanOrEqual(1);
    const v = await runCli(['--json', 'verify', out]);
    expect(v.code).toBe(0);
    const sig = JSON.parse(v.stdout).files[0].signatures[0];
    expect(sig.timestamp.valid).toBe(true);
    expect(sig.timestamp.tsa).toContain('sohoa Test TSA');
    expect(Math.abs(Date.parse(sig.timestamp.time) - Date.now())).toBeLessThan(10 * 60_000);
    const p = spawnSync('pdfsig', [out], { encoding: 'utf8' }).stdout;
    expect(p).toContain('Signature is Valid');
    expect(p).toContain('Total document signed');
  });

  it('refuses a TSA whose reply does not match the request (replayed token: imprint and nonce)', async () => {
    // sohoa's first request (measuring the token size) primes the replay; the real request gets that old token.
    const out = path.join(dir, 'replayed.pdf');
    const r = await runCli(['sign', input, '--out', out, ...key, '--tsa', replaying.url], { env });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/imprint|nonce/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 6 and writes nothing when the TSA is unreachable', async () => {
    const out = path.join(dir, 'unreachable.pdf');
    const r = await runCli(['sign', input, '--out', out, ...key, '--tsa', 'http://127.0.0.1:9/tsr'], { env });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/Cannot reach the time-stamp authority/);
    expect(existsSync(out)).toBe(false);
  });
});
