import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool, runCli, tempDir } from '../helpers/cli.js';
import { PYHANKO, tool } from '../helpers/pyhanko.js';
import { PASSPHRASE, startTsa, type LocalTsa } from '../helpers/pki.js';
import { makeRevocationPki, startRevocationServer, type RevocationPki, type RevocationServer } from '../helpers/revocation.js';
import { makePdf } from '../stages/sign/fixtures.js';

const hasTools = requireTool('openssl') && requireTool('pdfsig') && requireTool('python3');

describe.skipIf(!hasTools || !PYHANKO)('PAdES B-LT, B-LTA and --extend, judged by sohoa, pdfsig and pyHanko', () => {
  const dir = tempDir();
  const env = { SOHOA_TEST_P12_PASS: PASSPHRASE };
  let server: RevocationServer;
  let pki: RevocationPki;
  let tsa: LocalTsa;
  const input = path.join(dir, 'in.pdf');
  const out = (n: string) => path.join(dir, `${n}.pdf`);
  const key = (p12: string) => ['--p12', p12, '--passphrase-env', 'SOHOA_TEST_P12_PASS', '--agency', 'UBND xã Long Đức'];

  beforeAll(async () => {
    server = await startRevocationServer();
    pki = makeRevocationPki(path.join(dir, 'pki'), server);
    tsa = await startTsa({ dir: pki.dir, tsa: pki.tsa, root: pki.root });
    writeFileSync(input, await makePdf());
    for (const level of ['B-LT', 'B-LTA', 'B-T']) {
      const r = await runCli(['sign', input, '--out', out(level), ...key(pki.goodP12), '--tsa', tsa.url, '--level', level], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`PAdES ${level}`);
    }
    // Archive renewal: a B-T file extended to B-LTA, then renewed once more.
    for (const [from, to] of [
      ['B-T', 'extended'],
      ['extended', 'renewed'],
    ]) {
      const r = await runCli(['sign', '--extend', 'B-LTA', out(from!), '--out', out(to!), '--tsa', tsa.url]);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 180_000);
  afterAll(async () => {
    await tsa?.close();
    await server?.close();
  });

  const files = { 'B-LT': 1, 'B-LTA': 2, extended: 2, renewed: 3 } as const;

  it('extensions are incremental: every earlier revision is a byte prefix of the next', () => {
    expect(readFileSync(out('extended')).subarray(0, readFileSync(out('B-T')).length).equals(readFileSync(out('B-T')))).toBe(true);
    expect(readFileSync(out('renewed')).subarray(0, readFileSync(out('extended')).length).equals(readFileSync(out('extended')))).toBe(true);
  });

  it('sohoa verify: valid offline, with the revocation data taken from the DSS while the responders are down', async () => {
    server.available = false;
    try {
      for (const [name, count] of Object.entries(files)) {
        const v = await runCli(['--json', 'verify', out(name), '--require-revocation', '--trust', pki.trustDir]);
        expect(v.code, `${name}: ${v.stdout}`).toBe(0);
        const sigs = JSON.parse(v.stdout).files[0].signatures;
        expect(sigs).toHaveLength(count);
        expect(sigs.slice(1).every((s: { kind: string }) => s.kind === 'document-timestamp')).toBe(true);
        const rev = sigs[0].revocation;
        expect(rev.status).toBe('good');
        expect(rev.certificates.map((c: { origin: string }) => c.origin)).toEqual(['embedded', 'embedded']);
        if (count > 1) expect(sigs.at(-1).coversWholeFile).toBe(true);
      }
    } finally {
      server.available = true;
    }
  });

  it('a B-T file without DSS is unknown offline, so the DSS is what made the difference', async () => {
    const v = await runCli(['verify', out('B-T'), '--require-revocation']);
    expect(v.code).toBe(7);
  });

  it('pdfsig: the signature is valid; the document timestamps are listed as signatures', async () => {
    for (const [name, count] of Object.entries(files)) {
      const p = await tool('pdfsig', [out(name)]);
      expect(p.out, name).toMatch(/Signature #1:[\s\S]*?Signature Validation: Signature is Valid/);
      expect(p.out.match(/^Signature #\d+:/gm), name).toHaveLength(count);
      // The last document timestamp covers the whole file; a B-LT signature is followed by its DSS.
      if (count > 1) expect(p.out.lastIndexOf('Total document signed')).toBeGreaterThan(p.out.lastIndexOf(`Signature #${count}:`));
      else expect(p.out).toContain('Not total document signed');
    }
  });

  it('pyHanko AdES (LTA) validation accepts them from the embedded data alone (responders down)', async () => {
    server.available = false;
    try {
      for (const name of Object.keys(files)) {
        const r = await tool(PYHANKO!, ['sign', 'adesverify', '--pretty-print', '--trust', pki.rootPem, '--trust-replace', out(name)]);
        expect(r.code, `${name}: ${r.out}`).toBe(0);
        expect(r.out).toContain('The signature is judged VALID');
      }
    } finally {
      server.available = true;
    }
  }, 240_000);

  it('pyHanko validate (with revocation checking) accepts them', async () => {
    for (const name of ['B-LTA', 'renewed']) {
      const r = await tool(PYHANKO!, ['sign', 'validate', '--pretty-print', '--trust', pki.rootPem, '--trust-replace', out(name)]);
      expect(r.code, `${name}: ${r.out}`).toBe(0);
      expect(r.out).toContain('The signature is judged VALID');
    }
  }, 120_000);

  it('refuses B-LT for a revoked signer (exit 6, nothing written)', async () => {
    const r = await runCli(['sign', input, '--out', out('revoked'), ...key(pki.revokedP12), '--tsa', tsa.url, '--level', 'B-LT'], { env });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/was revoked at .*keyCompromise/);
    expect(existsSync(out('revoked'))).toBe(false);
  });

  it('refuses B-LT when the revocation data cannot be had (exit 6, nothing written)', async () => {
    const r = await runCli(['sign', input, '--out', out('unreachable'), ...key(pki.unreachableP12), '--tsa', tsa.url, '--level', 'B-LT', '--revocation-timeout', '3'], { env });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/Cannot get revocation data for .*Unreachable/);
    expect(existsSync(out('unreachable'))).toBe(false);
  });

  it('B-T and up need a TSA; --extend B-LTA too', async () => {
    const a = await runCli(['sign', input, '--out', out('no-tsa'), ...key(pki.goodP12), '--level', 'B-LT'], { env });
    expect(a.code).toBe(6);
    expect(a.stderr).toMatch(/PAdES B-LT needs a time-stamp authority/);
    const b = await runCli(['sign', '--extend', 'B-LTA', out('B-T'), '--out', out('no-tsa2')]);
    expect(b.code).toBe(6);
    expect(existsSync(out('no-tsa2'))).toBe(false);
  });

  it('batch signing takes --level: B-LTA outputs verify offline, a revoked key is refused per file (exit 2), a re-run skips', async () => {
    const outDir = path.join(dir, 'batch');
    const second = path.join(dir, 'in2.pdf');
    writeFileSync(second, await makePdf());
    const args = ['sign', input, second, '--out-dir', outDir, ...key(pki.goodP12), '--tsa', tsa.url, '--level', 'B-LTA'];
    const r = await runCli(['--json', ...args], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ signed: 2, refused: 0, level: 'PAdES B-LTA' });
    for (const f of ['in.pdf', 'in2.pdf']) {
      const v = await runCli(['--json', 'verify', path.join(outDir, f), '--require-revocation', '--trust', pki.trustDir]);
      expect(v.code, v.stdout).toBe(0);
      const sigs = JSON.parse(v.stdout).files[0].signatures;
      expect(sigs.map((s: { kind: string }) => s.kind)).toEqual(['signature', 'document-timestamp']);
      expect(sigs[0].revocation.status).toBe('good');
    }
    const again = await runCli(args, { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.match(/^skipped .*already signed and valid/gm)).toHaveLength(2);
    const revoked = await runCli(['sign', input, '--out-dir', path.join(dir, 'batch-revoked'), ...key(pki.revokedP12), '--tsa', tsa.url, '--level', 'B-LT'], { env });
    expect(revoked.code).toBe(2);
    expect(revoked.stdout).toMatch(/^refused +.*in\.pdf: .*was revoked at/m);
    const noTsa = await runCli(['sign', input, '--out-dir', path.join(dir, 'batch-no-tsa'), ...key(pki.goodP12), '--level', 'B-LT'], { env });
    expect(noTsa.code).toBe(6);
    expect(noTsa.stderr).toMatch(/PAdES B-LT needs a time-stamp authority/);
  }, 120_000);

  it('refuses to extend a file whose signature no longer verifies (exit 4) or that has none', async () => {
    const bytes = Buffer.from(readFileSync(out('B-T')));
    const at = bytes.indexOf('/MediaBox');
    bytes[at + 2] = bytes[at + 2]! ^ 0x20; // inside the signed range
    writeFileSync(out('tampered'), bytes);
    const r = await runCli(['sign', '--extend', 'B-LT', out('tampered'), '--out', out('tampered-ext')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Refusing to extend: signature "Signature1" does not verify/);
    const u = await runCli(['sign', '--extend', 'B-LT', input, '--out', out('unsigned-ext')]);
    expect(u.code).toBe(6);
    expect(u.stderr).toMatch(/has no signature/);
  });
});
