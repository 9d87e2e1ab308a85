import { X509Certificate } from 'node:crypto';
import { SigningError } from '../../errors.js';
import type { SignerCheckOptions, SignerCheckResult } from '../../ports/signer.js';
import { dn } from '../../verify/certs.js';
import * as asn1js from 'asn1js';

/** Orders `pool` as the chain above `leaf` (nearest issuer first); unrelated certificates are dropped. */
export function orderChain(leaf: Buffer, pool: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let cur = new X509Certificate(leaf);
  const left = pool.map((d) => ({ der: d, x: new X509Certificate(d) })).filter((c) => !c.der.equals(leaf));
  for (let i = 0; i < 16; i++) {
    const k = left.findIndex((c) => cur.checkIssued(c.x) && cur.verify(c.x.publicKey));
    if (k < 0) break;
    const [next] = left.splice(k, 1);
    out.push(next!.der);
    if (next!.x.checkIssued(next!.x)) break;
    cur = next!.x;
  }
  return out;
}

const described = new Map<string, Omit<SignerCheckResult, 'source'>>();

/** Names and validity of a certificate, parsed once: a batch checks the same one before every file. */
function describe(der: Buffer): Omit<SignerCheckResult, 'source'> {
  const key = der.toString('base64');
  let d = described.get(key);
  if (!d) {
    const x = new X509Certificate(der);
    d = { subject: dn(x.subject), issuer: dn(x.issuer), notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo) };
    if (described.size >= 16) described.delete(described.keys().next().value!);
    described.set(key, d);
  }
  return d;
}

/** Certificate validity check shared by every Signer; throws SigningError unless allowed. */
export function checkCertificate(der: Buffer, source: string, opts: SignerCheckOptions = {}): SignerCheckResult {
  const d = describe(der);
  const at = opts.at ?? new Date();
  const res: SignerCheckResult = { ...d, notBefore: new Date(d.notBefore), notAfter: new Date(d.notAfter), source };
  if (!opts.allowExpired) {
    if (at > res.notAfter)
      throw new SigningError(`The signing certificate "${res.subject}" expired on ${res.notAfter.toISOString()} (${source})`, {
        hint: 'Renew the certificate with your CA, or pass --allow-expired to sign anyway (the signature will not be trusted).',
        key: 'sign.err.certExpired',
        params: { subject: res.subject, time: res.notAfter.toISOString(), source },
        hintKey: 'sign.err.certExpiredHint',
      });
    if (at < res.notBefore)
      throw new SigningError(`The signing certificate "${res.subject}" is not valid until ${res.notBefore.toISOString()} (${source})`, {
        hint: 'Check the system clock, or pass --allow-expired to sign anyway.',
        key: 'sign.err.certNotYetValid',
        params: { subject: res.subject, time: res.notBefore.toISOString(), source },
        hintKey: 'sign.err.certNotYetValidHint',
      });
  }
  return res;
}

/** PKCS#11 ECDSA returns r||s; CMS wants a DER SEQUENCE of two INTEGERs. */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const int = (b: Buffer) => asn1js.Integer.fromBigInt(BigInt('0x' + (b.toString('hex') || '0')));
  return Buffer.from(new asn1js.Sequence({ value: [int(raw.subarray(0, half)), int(raw.subarray(half))] }).toBER(false));
}

export function maxSigLength(cert: Buffer): { keyType: 'rsa' | 'ec'; max: number } {
  const key = new X509Certificate(cert).publicKey;
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 4096;
    return { keyType: 'rsa', max: Math.ceil(bits / 8) };
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    const n = curve.includes('521') ? 66 : curve.includes('384') ? 48 : 32;
    return { keyType: 'ec', max: 2 * n + 9 };
  }
  throw new SigningError(`Expected an RSA or EC signing key, got ${key.asymmetricKeyType}`);
}
