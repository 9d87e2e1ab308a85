import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool, runCli, tempDir } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/pki.js';
import { PYHANKO, tool } from '../helpers/pyhanko.js';
import { makeRevocationPki, setResponder, startRevocationServer, type RevocationPki, type RevocationServer } from '../helpers/revocation.js';
import { makePdf } from '../stages/sign/fixtures.js';

const hasTools = requireTool('openssl');

describe.skipIf(!hasTools)('verify --revocation with a local openssl OCSP responder and CRLs over HTTP', () => {
  const dir = tempDir();
  const env = { SOHOA_TEST_P12_PASS: PASSPHRASE };
  let server: RevocationServer;
  let pki: RevocationPki;
  const signed: Record<'good' | 'revoked' | 'revokedCrl' | 'unreachable', string> = { good: '', revoked: '', revokedCrl: '', unreachable: '' };

  beforeAll(async () => {
    server = await startRevocationServer();
    pki = makeRevocationPki(path.join(dir, 'pki'), server);
    const input = path.join(dir, 'in.pdf');
    writeFileSync(input, await makePdf());
    for (const [who, p12] of [
      ['good', pki.goodP12],
      ['revoked', pki.revokedP12],
      ['revokedCrl', pki.revokedCrlOnlyP12],
      ['unreachable', pki.unreachableP12],
    ] as const) {
      signed[who] = path.join(dir, `${who}.pdf`);
      const r = await runCli(['sign', input, '--out', signed[who], '--p12', p12, '--passphrase-env', 'SOHOA_TEST_P12_PASS', '--appearance', 'none'], { env });
      expect(r.code, r.stderr).toBe(0);
    }
  }, 60_000);
  afterAll(async () => server?.close());

  const verify = async (file: string, ...flags: string[]) => {
    const r = await runCli(['--json', 'verify', file, ...flags]);
    return { code: r.code, stderr: r.stderr, sig: r.stdout ? JSON.parse(r.stdout).files[0].signatures[0] : undefined };
  };

  it('good: the signer by OCSP (delegated responder), the issuing CA by the root CRL; exit 0', async () => {
    const before = { ...server.requests };
    const v = await verify(signed.good, '--revocation', 'online');
    expect(v.code, v.stderr).toBe(0);
    expect(v.sig.revocation.status).toBe('good');
    const [leaf, ca] = v.sig.revocation.certificates;
    expect(leaf).toMatchObject({ subject: expect.stringContaining('Long Đức'), status: 'good', source: 'ocsp', origin: 'online', signedBy: expect.stringContaining('OCSP responder') });
    expect(ca).toMatchObject({ subject: expect.stringContaining('Issuing CA'), status: 'good', source: 'crl', origin: 'online' });
    expect(server.requests.ocsp).toBeGreaterThan(before.ocsp);
    expect(server.requests.crl).toBeGreaterThan(before.crl);
  });

  it('revoked: exit 7 online, with the revocation time and reason', async () => {
    const v = await verify(signed.revoked, '--revocation', 'online');
    expect(v.code).toBe(7);
    expect(v.sig.revocation.status).toBe('revoked');
    expect(v.sig.revocation.certificates[0]).toMatchObject({ status: 'revoked', reason: 'keyCompromise', source: 'ocsp' });
    expect(Date.parse(v.sig.revocation.certificates[0].revokedAt)).toBeLessThan(Date.now());
    const text = await runCli(['verify', signed.revoked, '--revocation', 'online']);
    expect(text.stdout).toMatch(/revocation \(online\): REVOKED/);
  });

  it('revoked, from the CRL of a certificate without an OCSP responder: exit 7', async () => {
    const v = await verify(signed.revokedCrl, '--revocation', 'online');
    expect(v.code).toBe(7);
    expect(v.sig.revocation.certificates[0]).toMatchObject({ status: 'revoked', reason: 'keyCompromise', source: 'crl', signedBy: expect.stringContaining('Issuing CA') });
  });

  it('offline (the default) with nothing embedded: unknown, exit 0; exit 7 with --require-revocation', async () => {
    const v = await verify(signed.revoked, '--revocation', 'offline');
    expect(v.code).toBe(0);
    expect(v.sig.revocation.status).toBe('unknown');
    expect(v.sig.revocation.certificates[0].notes.join(' ')).toMatch(/no embedded OCSP response or CRL/);
    expect((await verify(signed.revoked, '--require-revocation')).code).toBe(7);
  });

  it('unreachable responder: status unknown, reported, exit 0; exit 7 with --require-revocation', async () => {
    const v = await verify(signed.unreachable, '--revocation', 'online', '--revocation-timeout', '3');
    expect(v.code).toBe(0);
    expect(v.sig.revocation.status).toBe('unknown');
    expect(v.sig.revocation.certificates[0].notes.join(' ')).toMatch(/127\.0\.0\.1:9.*unreachable/);
    expect((await verify(signed.unreachable, '--revocation', 'online', '--require-revocation', '--revocation-timeout', '3')).code).toBe(7);
  });

  it('a responder that answers HTTP 503 is unknown, not good', async () => {
    server.available = false;
    try {
      const v = await verify(signed.good, '--revocation', 'online');
      expect(v.code).toBe(0);
      expect(v.sig.revocation.certificates[0].status).toBe('unknown');
      expect(v.sig.revocation.certificates[0].notes.join(' ')).toMatch(/HTTP 503/);
    } finally {
      server.available = true;
    }
  });

  it('an OCSP "good" signed by a certificate the CA did not authorise is not believed', async () => {
    // The signer's own certificate: issued by the CA, but without id-kp-OCSPSigning.
    setResponder(server, 'issuing', pki.good);
    try {
      const v = await verify(signed.good, '--revocation', 'online');
      const leaf = v.sig.revocation.certificates[0];
      expect(leaf.notes.join(' ')).toMatch(/not signed by the issuer or a responder it authorised/);
      // The CRL still answers, so the status comes from there, not from the rogue response.
      expect(leaf).toMatchObject({ status: 'good', source: 'crl' });
    } finally {
      setResponder(server, 'issuing', pki.responder);
    }
  });

  it('--revocation off checks nothing', async () => {
    const v = await verify(signed.revoked, '--revocation', 'off');
    expect(v.code).toBe(0);
    expect(v.sig.revocation).toMatchObject({ mode: 'off', status: 'not-checked', certificates: [] });
  });

  it.skipIf(!PYHANKO)('offline: reads revocation data that pyHanko embedded in the CMS (revocationInfoArchival) and in its DSS', async () => {
    const keyFile = path.join(dir, 'good.key.pem');
    const certFile = path.join(dir, 'good.pem');
    const chainFile = path.join(dir, 'issuing.pem');
    writeFileSync(keyFile, pki.good.keyPem);
    writeFileSync(certFile, pki.good.certPem);
    writeFileSync(chainFile, pki.intermediate.certPem);
    for (const [name, extra] of [
      ['pyhanko-archival', []],
      ['pyhanko-pades', ['--use-pades']],
    ] as const) {
      const file = path.join(dir, `${name}.pdf`);
      const s = await tool(PYHANKO!, ['sign', 'addsig', '--field', 'Sig1', '--with-validation-info', ...extra, '--trust', pki.rootPem, '--trust-replace', 'pemder', '--key', keyFile, '--cert', certFile, '--chain', chainFile, '--no-pass', path.join(dir, 'in.pdf'), file]);
      expect(s.code, s.out).toBe(0);
      server.available = false;
      try {
        const v = await verify(file, '--require-revocation', '--trust', pki.trustDir);
        expect(v.code, `${name}: ${JSON.stringify(v.sig?.revocation)} ${v.sig?.problems}`).toBe(0);
        expect(v.sig.revocation.status).toBe('good');
        expect(v.sig.revocation.certificates.map((c: { origin: string }) => c.origin)).toEqual(['embedded', 'embedded']);
      } finally {
        server.available = true;
      }
    }
  }, 120_000);

  it('rejects an unknown mode as a usage error', async () => {
    const r = await runCli(['verify', signed.good, '--revocation', 'sometimes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Expected --revocation online, offline or off/);
  });
});
