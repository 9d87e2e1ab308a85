import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool, runCli, tempDir } from '../helpers/cli.js';
import { makeTestPki, PASSPHRASE } from '../helpers/pki.js';
import { makePdf } from '../stages/sign/fixtures.js';

const hasTools = requireTool('pdfsig') && requireTool('qpdf');

/** pdfsig prints one block per signature; returns the blocks. */
function pdfsig(file: string): string[] {
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return r.stdout.split(/^Signature #\d+:/m).slice(1);
}

describe.skipIf(!hasTools)('sohoa sign judged by pdfsig and qpdf', () => {
  const dir = tempDir();
  const pki = makeTestPki(path.join(dir, 'pki'));
  const env = { SOHOA_TEST_P12_PASS: PASSPHRASE };
  const key = ['--p12', pki.signerP12, '--passphrase-env', 'SOHOA_TEST_P12_PASS'];

  for (const [label, pbe] of [
    ['OpenSSL 3 default (AES-256, PBKDF2)', []],
    ['legacy 3DES', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']],
  ] as const) {
    it(`signs with a P12 written by openssl: ${label}`, async () => {
      const p = (n: string) => path.join(dir, `${label.length}-${n}`);
      writeFileSync(p('key.pem'), pki.signer.keyPem);
      writeFileSync(p('cert.pem'), pki.signer.certPem);
      writeFileSync(p('chain.pem'), pki.intermediate.certPem + pki.root.certPem);
      execFileSync('openssl', ['pkcs12', '-export', '-inkey', p('key.pem'), '-in', p('cert.pem'), '-certfile', p('chain.pem'), '-passout', 'env:SOHOA_TEST_P12_PASS', '-out', p('o.p12'), ...pbe], {
        env: { ...process.env, ...env },
        stdio: 'pipe',
      });
      const input = path.join(dir, 'in-openssl.pdf');
      writeFileSync(input, await makePdf());
      const out = p('signed.pdf');
      const r = await runCli(['sign', input, '--out', out, '--p12', p('o.p12'), '--passphrase-env', 'SOHOA_TEST_P12_PASS', '--appearance', 'none'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(pdfsig(out)[0]).toContain('Signature is Valid');
      const v = await runCli(['verify', '--trust', pki.trustDir, out]);
      expect(v.code, v.stdout).toBe(0);
    });
  }

  for (const objectStreams of [false, true]) {
    it(`signs twice (${objectStreams ? 'xref stream' : 'classic xref'} input): pdfsig accepts both, qpdf --check passes`, async () => {
      const input = path.join(dir, `in-${objectStreams}.pdf`);
      writeFileSync(input, await makePdf(3, objectStreams));
      const once = path.join(dir, `once-${objectStreams}.pdf`);
      const twice = path.join(dir, `twice-${objectStreams}.pdf`);
      let r = await runCli(['sign', input, '--out', once, ...key, '--agency', 'UBND xã Long Đức', '--copy-type', 'SAO LỤC'], { env });
      expect(r.code, r.stderr).toBe(0);
      const single = pdfsig(once);
      expect(single).toHaveLength(1);
      expect(single[0]).toContain('Signature is Valid');
      expect(single[0]).toContain('Total document signed');
      expect(single[0]).toContain('ETSI.CAdES.detached');

      r = await runCli(['sign', once, '--out', twice, ...key, '--appearance', 'none'], { env });
      expect(r.code, r.stderr).toBe(0);
      const both = pdfsig(twice);
      expect(both).toHaveLength(2);
      expect(both.every((b) => b.includes('Signature is Valid'))).toBe(true);
      expect(both[1]).toContain('Total document signed');
      execFileSync('qpdf', ['--check', twice], { stdio: 'pipe' });
      const text = execFileSync('pdftotext', [once, '-'], { encoding: 'utf8' });
      expect(text).toContain('UBND xã Long Đức');
      expect(text).toContain('SAO LỤC');
    });
  }
});
