import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli.js';
import { PASSPHRASE } from '../../helpers/pki.js';
import { makePdf, testSigner } from './fixtures.js';

describe('sohoa sign (built CLI)', async () => {
  const dir = tempDir();
  const { pki } = await testSigner();
  const input = path.join(dir, 'in.pdf');
  writeFileSync(input, await makePdf());
  const key = ['--p12', pki.signerP12, '--passphrase-env', 'SOHOA_TEST_P12_PASS'];

  it('signs, verifies before writing, leaves the input untouched, and --json says what it did', async () => {
    const before = readFileSync(input);
    const out = path.join(dir, 'out.pdf');
    const r = await runCli(['--json', 'sign', input, '--out', out, ...key, '--agency', 'UBND xã Long Đức', '--copy-type', 'TRÍCH SAO'], { env: { SOHOA_TEST_P12_PASS: PASSPHRASE } });
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data).toMatchObject({ output: out, level: 'PAdES B-B', appearance: 'copy' });
    expect(data.signingTime).toMatch(/\+07:00$/);
    expect(readFileSync(input).equals(before)).toBe(true);
    expect(readFileSync(out).subarray(0, before.length).equals(before)).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(PASSPHRASE);
  });

  it('--level: B-B named in the output; a bad level, or --extend with a batch, is a usage error (1); B-T without --tsa is 6', async () => {
    const env = { SOHOA_TEST_P12_PASS: PASSPHRASE };
    const bb = await runCli(['--json', 'sign', input, '--out', path.join(dir, 'bb.pdf'), ...key, '--appearance', 'none', '--level', 'B-B'], { env });
    expect(bb.code, bb.stderr).toBe(0);
    expect(JSON.parse(bb.stdout).level).toBe('PAdES B-B');
    const bad = await runCli(['sign', input, '--out', path.join(dir, 'bad.pdf'), ...key, '--level', 'B-X'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Expected --level B-B, B-T, B-LT or B-LTA, got "B-X"/);
    const batch = await runCli(['sign', input, '--out-dir', path.join(dir, 'ext'), '--extend', 'B-LTA'], { env });
    expect(batch.code).toBe(1);
    expect(batch.stderr).toMatch(/Expected --extend with one input and --out/);
    const bt = await runCli(['sign', input, '--out', path.join(dir, 'bt.pdf'), ...key, '--appearance', 'none', '--level', 'B-T'], { env });
    expect(bt.code).toBe(6);
    expect(bt.stderr).toMatch(/PAdES B-T needs a time-stamp authority/);
    expect(existsSync(path.join(dir, 'bt.pdf'))).toBe(false);
  });

  it('exits 6 on a wrong passphrase and writes nothing (no temporary file either)', async () => {
    const out = path.join(dir, 'wrong.pdf');
    const r = await runCli(['sign', input, '--out', out, ...key, '--appearance', 'none'], { env: { SOHOA_TEST_P12_PASS: 'not-it' } });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/Wrong passphrase/);
    expect(r.stderr).not.toContain('not-it');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exits 6 for an expired certificate unless --allow-expired', async () => {
    const out = path.join(dir, 'expired.pdf');
    const args = ['sign', input, '--out', out, '--p12', pki.expiredP12, '--passphrase-env', 'SOHOA_TEST_P12_PASS', '--appearance', 'none'];
    const r = await runCli(args, { env: { SOHOA_TEST_P12_PASS: PASSPHRASE } });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/expired/);
    expect(existsSync(out)).toBe(false);
    expect((await runCli([...args, '--allow-expired'], { env: { SOHOA_TEST_P12_PASS: PASSPHRASE } })).code).toBe(0);
  });
});
