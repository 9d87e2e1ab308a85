import crypto, { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** A certificate as both pkijs (for its extensions) and Node (for keys and signature checks) see it. */
export interface Cert {
  der: Buffer;
  pki: pkijs.Certificate;
  x509: X509Certificate;
}

export const OID_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const OID_AIA = '1.3.6.1.5.5.7.1.1';
const OID_AD_OCSP = '1.3.6.1.5.5.7.48.1';
const OID_CRL_DP = '2.5.29.31';
const OID_EKU = '2.5.29.37';

/** Hash OIDs used by CertIDs. */
export const HASH_NAME: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms that OCSP responses and CRLs are signed with: the hash Node verifies with. */
const SIG_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/** The exact DER element at the start of `buf` (PDF /Contents and DSS streams may be padded). */
export function derElement(buf: Uint8Array): Buffer {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const r = asn1js.fromBER(b);
  if (r.offset === -1) throw new Error(`not DER: ${r.result.error}`);
  return b.subarray(0, r.offset);
}

export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
}

export function parseCert(der: Uint8Array): Cert {
  const exact = Buffer.from(derElement(der));
  return { der: exact, pki: pkijs.Certificate.fromBER(toArrayBuffer(exact)), x509: new X509Certificate(exact) };
}

export function tryParseCert(der: Uint8Array): Cert | undefined {
  try {
    return parseCert(der);
  } catch {
    return undefined;
  }
}

/** `CN=…, O=…`: one line, most specific first. */
export function certName(c: Cert): string {
  return c.x509.subject.split('\n').filter(Boolean).reverse().join(', ');
}

export function serialHex(c: Cert): string {
  return c.x509.serialNumber.toUpperCase();
}

export function isSelfSigned(c: Cert): boolean {
  return issuedBy(c, c);
}

/** `issuer` signed `cert` (names chain and the signature verifies). */
export function issuedBy(cert: Cert, issuer: Cert): boolean {
  try {
    return cert.x509.checkIssued(issuer.x509) && cert.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

function generalNameUris(names: pkijs.GeneralName[] | undefined): string[] {
  return (names ?? []).filter((n) => n.type === 6 && typeof n.value === 'string').map((n) => n.value as string);
}

/** OCSP responder URLs from the Authority Information Access extension. */
export function ocspUrls(c: Cert): string[] {
  const ext = c.pki.extensions?.find((e) => e.extnID === OID_AIA);
  const aia = ext?.parsedValue as pkijs.InfoAccess | undefined;
  return generalNameUris(aia?.accessDescriptions.filter((d) => d.accessMethod === OID_AD_OCSP).map((d) => d.accessLocation));
}

/** CRL URLs from the CRL Distribution Points extension. */
export function crlUrls(c: Cert): string[] {
  const ext = c.pki.extensions?.find((e) => e.extnID === OID_CRL_DP);
  const dps = ext?.parsedValue as pkijs.CRLDistributionPoints | undefined;
  const out: string[] = [];
  for (const dp of dps?.distributionPoints ?? []) {
    if (Array.isArray(dp.distributionPoint)) out.push(...generalNameUris(dp.distributionPoint as pkijs.GeneralName[]));
  }
  return out;
}

export function hasEku(c: Cert, oid: string): boolean {
  const ext = c.pki.extensions?.find((e) => e.extnID === OID_EKU);
  const eku = ext?.parsedValue as pkijs.ExtKeyUsage | undefined;
  return eku?.keyPurposes.includes(oid) ?? false;
}

/** DER of the subject name and the subject public key's bits, as CertIDs hash them. */
export function nameAndKey(c: Cert): { subjectDer: Buffer; keyBits: Buffer } {
  return {
    subjectDer: Buffer.from(c.pki.subject.toSchema().toBER()),
    keyBits: Buffer.from(c.pki.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
  };
}

export function issuerDer(c: Cert): Buffer {
  return Buffer.from(c.pki.issuer.toSchema().toBER());
}

/** Verifies a signature over `tbs` (OCSP ResponseData, CRL TBSCertList) with `signer`'s key. */
export function verifyTbs(tbs: Uint8Array, algorithmOid: string, signature: asn1js.BitString, signer: Cert): boolean {
  const hash = SIG_HASH[algorithmOid];
  if (!hash) return false;
  try {
    return crypto.verify(hash, tbs, signer.x509.publicKey, Buffer.from(signature.valueBlock.valueHexView));
  } catch {
    return false;
  }
}

export function isSupportedSignature(algorithmOid: string): boolean {
  return SIG_HASH[algorithmOid] !== undefined;
}
