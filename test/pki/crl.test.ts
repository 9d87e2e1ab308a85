import crypto from 'node:crypto';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { evaluateCrl } from '../../src/pki/crl.js';
import { parseCert } from '../../src/pki/index.js';
import { english } from '../../src/i18n/said.js';
import { issueCertificate, type Issued } from '../../src/stages/sign/pki.js';

/** A CRL signed by `signer`'s key in `ca`'s name (pkijs over Node's WebCrypto). */
async function makeCrl(ca: Issued, signer: Issued, revoked: Issued[]): Promise<Buffer> {
  const caCert = parseCert(ca.certDer).pki;
  const now = Date.now();
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    issuer: caCert.subject,
    thisUpdate: new pkijs.Time({ type: 0, value: new Date(now - 60_000) }),
    nextUpdate: new pkijs.Time({ type: 0, value: new Date(now + 86400_000) }),
    revokedCertificates: revoked.map(
      (r) => new pkijs.RevokedCertificate({ userCertificate: parseCert(r.certDer).pki.serialNumber, revocationDate: new pkijs.Time({ type: 0, value: new Date(now - 3600_000) }) }),
    ),
  });
  const pkcs8 = crypto.createPrivateKey(signer.keyPem).export({ type: 'pkcs8', format: 'der' });
  const key = await crypto.webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  await crl.sign(key, 'SHA-256');
  return Buffer.from(crl.toSchema(true).toBER(false));
}

describe('CRL evaluation', () => {
  const ca = issueCertificate({ subject: { CN: 'Test CA', C: 'VN' }, ca: true });
  const impostor = issueCertificate({ subject: { CN: 'Test CA', C: 'VN' }, ca: true });
  const other = issueCertificate({ subject: { CN: 'Other CA', C: 'VN' }, ca: true });
  const leaf = issueCertificate({ subject: { CN: 'Signer' }, issuer: ca });
  const bystander = issueCertificate({ subject: { CN: 'Someone else' }, issuer: ca });
  const [caC, leafC, byC] = [ca, leaf, bystander].map((i) => parseCert(i.certDer)) as [ReturnType<typeof parseCert>, ReturnType<typeof parseCert>, ReturnType<typeof parseCert>];

  it('finds a revoked certificate in its CA\'s CRL, and not another one', async () => {
    const crl = await makeCrl(ca, ca, [leaf]);
    const r = evaluateCrl(crl, leafC, caC);
    expect(r.evidence).toMatchObject({ status: 'revoked', source: 'crl' });
    expect(r.evidence!.revokedAt!.getTime()).toBeLessThan(Date.now());
    expect(evaluateCrl(crl, byC, caC).evidence?.status).toBe('good');
  });

  it('rejects a CRL in the CA\'s name signed by another key (a forged "good")', async () => {
    const forged = await makeCrl(ca, impostor, []);
    const r = evaluateCrl(forged, leafC, caC);
    expect(r.evidence).toBeUndefined();
    expect(english(r.problem!)).toMatch(/does not verify/);
    expect(r.problem!.key).toBe('revocation.crlSignature');
  });

  it('ignores a CRL of another CA (not about this certificate)', async () => {
    const r = evaluateCrl(await makeCrl(other, other, [leaf]), leafC, caC);
    expect(r).toEqual({});
  });

  it('reports garbage as unreadable', () => {
    expect(english(evaluateCrl(Buffer.from('not a crl'), leafC, caC).problem!)).toMatch(/CRL unreadable/);
  });
});
