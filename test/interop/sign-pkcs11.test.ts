import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool, runCli, tempDir } from '../helpers/cli.js';
import { KEY_LABEL, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN, makeTestPki, setupSoftHsm } from '../helpers/pki.js';
import { makePdf } from '../stages/sign/fixtures.js';

const hasTools = requireTool('softhsm2-util') && requireTool('pdfsig');

describe.skipIf(!hasTools || !existsSync(SOFTHSM_MODULE))('PKCS#11 signing through SoftHSM2', () => {
  const dir = tempDir();
  const pki = makeTestPki(path.join(dir, 'pki'));
  const hsmEnv = setupSoftHsm(pki);
  const input = path.join(dir, 'in.pdf');
  const token = (over: Record<string, string> = {}) => {
    const o = { '--pkcs11-module': SOFTHSM_MODULE, '--token-label': TOKEN_LABEL, '--key-label': KEY_LABEL, '--pin-env': 'SOHOA_TEST_PIN', ...over };
    return Object.entries(o).flat();
  };

  it('signs with the key on the token; pdfsig accepts it and the chain comes from the token', async () => {
    writeFileSync(input, await makePdf());
    const out = path.join(dir, 'token.pdf');
    const r = await runCli(['sign', input, '--out', out, ...token(), '--agency', 'UBND xã Long Đức'], { env: { ...hsmEnv, SOHOA_TEST_PIN: USER_PIN } });
    expect(r.code, r.stderr).toBe(0);
    const p = spawnSync('pdfsig', [out], { encoding: 'utf8' }).stdout;
    expect(p).toContain('Signature is Valid');
    expect(p).toContain('Total document signed');
    const v = await runCli(['--json', 'verify', '--trust', pki.trustDir, out]);
    expect(v.code, v.stdout).toBe(0);
    expect(JSON.parse(v.stdout).files[0].signatures[0].trust.chain).toHaveLength(3);
  });

  it('exits 6 on a wrong PIN, once, and writes nothing', async () => {
    const out = path.join(dir, 'wrong-pin.pdf');
    const r = await runCli(['sign', input, '--out', out, ...token(), '--appearance', 'none'], { env: { ...hsmEnv, SOHOA_TEST_PIN: '000000' } });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/Wrong PIN.*not retried/);
    expect(r.stderr).not.toContain('000000');
    expect(existsSync(out)).toBe(false);
    // One wrong attempt does not lock the token: the right PIN still works.
    const ok = await runCli(['sign', input, '--out', out, ...token(), '--appearance', 'none'], { env: { ...hsmEnv, SOHOA_TEST_PIN: USER_PIN } });
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('exits 6 for a missing token or key', async () => {
    const env = { ...hsmEnv, SOHOA_TEST_PIN: USER_PIN };
    const noToken = await runCli(['sign', input, '--out', path.join(dir, 'x.pdf'), ...token({ '--token-label': 'absent' }), '--appearance', 'none'], { env });
    expect(noToken.code).toBe(6);
    expect(noToken.stderr).toMatch(/No PKCS#11 token labelled "absent".*sohoa-test/);
    const noKey = await runCli(['sign', input, '--out', path.join(dir, 'x.pdf'), ...token({ '--key-label': 'absent' }), '--appearance', 'none'], { env });
    expect(noKey.code).toBe(6);
    expect(noKey.stderr).toMatch(/No private key labelled "absent"/);
    expect(existsSync(path.join(dir, 'x.pdf'))).toBe(false);
  });
});
