import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { makePdf, rewriteByteRange, signedPdf, testSigner } from '../stages/sign/fixtures.js';

describe('sohoa verify (built CLI)', async () => {
  const dir = tempDir();
  const { pki } = await testSigner();
  const good = path.join(dir, 'good.pdf');
  const bad = path.join(dir, 'bad.pdf');
  const unsigned = path.join(dir, 'unsigned.pdf');
  const signed = await signedPdf();
  writeFileSync(good, signed);
  writeFileSync(bad, rewriteByteRange(signed, ([a, b, c, d]) => [a!, b! - 40, c!, d!]));
  writeFileSync(unsigned, await makePdf());

  it('reports each signature and exits 0 for an intact file', async () => {
    const r = await runCli(['verify', good]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/VALID/);
    expect(r.stdout).toContain('UBND xã Long Đức');
    expect(r.stdout).toMatch(/CMS signature valid: yes; ByteRange digest matches: yes; ByteRange well formed: yes/);
  });

  it('exits with the worst verdict across files: 8 unsigned, 4 broken', async () => {
    expect((await runCli(['verify', good, unsigned])).code).toBe(8);
    const r = await runCli(['--json', 'verify', good, unsigned, bad]);
    expect(r.code).toBe(4);
    const data = JSON.parse(r.stdout);
    expect(data.verdict).toBe('invalid');
    expect(data.files.map((f: { verdict: string }) => f.verdict)).toEqual(['valid', 'not-signed', 'invalid']);
  });

  it('with --trust: 0 when the chain reaches the CA, 7 when it does not', async () => {
    const ok = await runCli(['--json', 'verify', '--trust', pki.trustDir, good]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout).files[0].signatures[0].trust).toMatchObject({ trusted: true });
    const other = await runCli(['verify', '--trust', pki.otherTrustDir, good]);
    expect(other.code).toBe(7);
    expect(other.stdout).toMatch(/NOT TRUSTED/);
  });
});

describe('sohoa verify: verdict rules and --json (issue 12)', async () => {
  const dir = tempDir();
  const png = path.join(dir, 'scan.png');
  // The 8-byte PNG signature and the start of an IHDR chunk: an image, not a PDF.
  writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  const good = path.join(dir, 'good.pdf');
  writeFileSync(good, await signedPdf());

  it('rejects a non-PDF with exit 2 and says what it is', async () => {
    const r = await runCli(['verify', png]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/REJECTED/);
    expect(r.stdout).toMatch(/Expected a PDF, got a PNG image/);
    expect((await runCli(['verify', png, good])).code).toBe(2);
  });

  it('--json gives signer, time, coverage, modifications, chain, trust and revocation per signature', async () => {
    const r = await runCli(['--json', 'verify', '--trust', (await testSigner()).pki.trustDir, good]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout).files[0].signatures[0];
    expect(s.subject).toContain('UBND xã Long Đức');
    expect(typeof s.signingTime).toBe('string');
    expect(s.coverage).toBe('whole-file');
    expect(s.modifications).toEqual([]);
    expect(s.chain.map((c: { subject: string }) => c.subject)).toEqual([
      expect.stringContaining('UBND xã Long Đức'),
      expect.stringContaining('sohoa Test Intermediate CA'),
      expect.stringContaining('sohoa Test Root CA'),
    ]);
    expect(s.trust.trusted).toBe(true);
    // Offline by default: the test PKI embeds no OCSP/CRL data, so each certificate below the root is unknown.
    expect(s.revocation).toMatchObject({ mode: 'offline', status: 'unknown', embedded: { crls: 0, ocspResponses: 0 } });
    expect(s.revocation.certificates.map((c: { status: string }) => c.status)).toEqual(['unknown', 'unknown']);
    expect(s.revocation.certificates[0].notes.join(' ')).toMatch(/no embedded OCSP response or CRL/);
  });

  it('--revocation off reports not-checked; --require-revocation then is a usage error', async () => {
    const off = await runCli(['--json', 'verify', '--revocation', 'off', good]);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout).files[0].signatures[0].revocation).toMatchObject({ mode: 'off', status: 'not-checked', certificates: [] });
    const both = await runCli(['verify', '--revocation', 'off', '--require-revocation', good]);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/--require-revocation with --revocation offline or online/);
  });
});
