import crypto from 'node:crypto';
import forge from 'node-forge';

/**
 * Certificates and PKCS#12 files made on the spot with node-forge (keys from Node's
 * OpenSSL, which is much faster at generating them). Used by `sohoa demo` and the tests;
 * never for production keys.
 */
export interface Issued {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  certDer: Buffer;
  certPem: string;
  keyPem: string;
}

export interface IssueOptions {
  subject: Record<string, string>;
  issuer?: Issued;
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  /** Extended key usage: `timeStamping` (critical, for a TSA) or `emailProtection`. */
  eku?: 'timeStamping' | 'OCSPSigning';
  bits?: number;
  /** Authority Information Access: the OCSP responder to ask about this certificate. */
  ocspUrl?: string;
  /** CRL distribution point. */
  crlUrl?: string;
}

export function issueCertificate(o: IssueOptions): Issued {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: o.bits ?? 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01' + crypto.randomBytes(8).toString('hex');
  cert.validity.notBefore = o.notBefore ?? new Date(Date.now() - 3600_000);
  cert.validity.notAfter = o.notAfter ?? new Date(Date.now() + 5 * 365 * 86400_000);
  const attrs = Object.entries(o.subject).map(([shortName, value]) => ({ shortName, value, valueTagClass: forge.asn1.Type.UTF8 as number }));
  cert.setSubject(attrs);
  cert.setIssuer(o.issuer ? o.issuer.cert.subject.attributes : attrs);
  const exts: object[] = [
    { name: 'basicConstraints', cA: Boolean(o.ca), critical: true },
    { name: 'keyUsage', critical: true, ...(o.ca ? { keyCertSign: true, cRLSign: true } : { digitalSignature: true, nonRepudiation: true }) },
    { name: 'subjectKeyIdentifier' },
  ];
  if (o.issuer) exts.push({ name: 'authorityKeyIdentifier', keyIdentifier: o.issuer.cert.generateSubjectKeyIdentifier().getBytes() });
  if (o.eku === 'timeStamping') exts.push({ name: 'extKeyUsage', timeStamping: true, critical: true });
  if (o.eku === 'OCSPSigning') {
    // id-kp-OCSPSigning (forge has no name for it), and id-pkix-ocsp-nocheck: the responder's own status is not asked.
    exts.push({ name: 'extKeyUsage', '1.3.6.1.5.5.7.3.9': true });
    exts.push({ id: '1.3.6.1.5.5.7.48.1.5', value: forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, '') });
  }
  if (o.ocspUrl) exts.push({ id: '1.3.6.1.5.5.7.1.1', value: aiaOcsp(o.ocspUrl) });
  if (o.crlUrl) exts.push({ name: 'cRLDistributionPoints', altNames: [{ type: 6, value: o.crlUrl }] });
  cert.setExtensions(exts);
  cert.sign(o.issuer?.key ?? key, forge.md.sha256.create());
  const certDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { cert, key, certDer, certPem: forge.pki.certificateToPem(cert), keyPem };
}

/** A PKCS#12 file (AES-256, as OpenSSL 3 writes them) with the key, its certificate and the chain. */
export function toP12(leaf: Issued, chain: Issued[], passphrase: string, friendlyName = 'sohoa'): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(leaf.key, [leaf.cert, ...chain.map((c) => c.cert)], passphrase, { algorithm: 'aes256', friendlyName });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** AuthorityInfoAccessSyntax with one id-ad-ocsp URI (node-forge has no builder for it). */
function aiaOcsp(url: string): forge.asn1.Asn1 {
  const { asn1 } = forge;
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.3.6.1.5.5.7.48.1').getBytes()),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 6, false, url),
    ]),
  ]);
}
