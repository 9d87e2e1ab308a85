import crypto, { type X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { HASH_BY_OID, OID, parseBer } from './der.js';

type Kind = 'rsa' | 'pss' | 'ecdsa' | 'plain-ecdsa';
const LABEL: Record<Kind, string> = { rsa: 'RSA PKCS#1 v1.5', pss: 'RSASSA-PSS', ecdsa: 'ECDSA', 'plain-ecdsa': 'plain-ECDSA' };

function a(kind: Kind, hash?: string) {
  return { kind, hash, label: LABEL[kind] };
}

/** Signature algorithm OIDs in SignerInfo; `hash` when the OID fixes it. */
export const SIG_ALGS: Record<string, { kind: Kind; hash?: string; label: string }> = {
  '1.2.840.113549.1.1.1': a('rsa'),
  '1.2.840.113549.1.1.4': a('rsa', 'md5'),
  '1.2.840.113549.1.1.5': a('rsa', 'sha1'),
  '1.2.840.113549.1.1.11': a('rsa', 'sha256'),
  '1.2.840.113549.1.1.12': a('rsa', 'sha384'),
  '1.2.840.113549.1.1.13': a('rsa', 'sha512'),
  '1.2.840.113549.1.1.14': a('rsa', 'sha224'),
  [OID.rsaPss]: a('pss'),
  '1.2.840.10045.2.1': a('ecdsa'),
  '1.2.840.10045.4.1': a('ecdsa', 'sha1'),
  '1.2.840.10045.4.3.1': a('ecdsa', 'sha224'),
  '1.2.840.10045.4.3.2': a('ecdsa', 'sha256'),
  '1.2.840.10045.4.3.3': a('ecdsa', 'sha384'),
  '1.2.840.10045.4.3.4': a('ecdsa', 'sha512'),
  // BSI TR-03111 plain ECDSA: r || s instead of a DER SEQUENCE.
  '0.4.0.127.0.7.1.1.4.1.1': a('plain-ecdsa', 'sha1'),
  '0.4.0.127.0.7.1.1.4.1.2': a('plain-ecdsa', 'sha224'),
  '0.4.0.127.0.7.1.1.4.1.3': a('plain-ecdsa', 'sha256'),
  '0.4.0.127.0.7.1.1.4.1.4': a('plain-ecdsa', 'sha384'),
  '0.4.0.127.0.7.1.1.4.1.5': a('plain-ecdsa', 'sha512'),
};

export function verifySignature(kind: Kind, hash: string, sigAlg: pkijs.AlgorithmIdentifier, data: Buffer, sig: Buffer, cert: X509Certificate): boolean {
  const key = cert.publicKey;
  if (kind === 'pss') {
    let pssHash = 'sha1';
    let saltLength = 20;
    if (sigAlg.algorithmParams) {
      const p = new pkijs.RSASSAPSSParams({ schema: parseBer(new Uint8Array(sigAlg.algorithmParams.toBER())) });
      pssHash = HASH_BY_OID[p.hashAlgorithm.algorithmId] ?? pssHash;
      saltLength = p.saltLength;
    }
    return crypto.verify(pssHash, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength }, sig);
  }
  if (kind === 'plain-ecdsa') return crypto.verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  return crypto.verify(hash, data, key, sig);
}
