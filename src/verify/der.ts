import * as asn1js from 'asn1js';

/**
 * Thin helpers over asn1js (the copy pkijs itself uses; pkijs does not re-export it). The PKI
 * structures are parsed by pkijs; these read the few bytes that must stay exactly as encoded.
 */
export class DerError extends Error {}

/** Parses one BER/DER element; throws DerError with asn1js's reason instead of a JS error. */
export function parseBer(bytes: Uint8Array): asn1js.AsnType {
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = asn1js.fromBER(view);
  if (r.offset === -1 || r.result.error) throw new DerError(r.result.error || 'not BER/DER');
  return r.result;
}

/** The element's bytes exactly as they were in the input. */
export function rawOf(v: { valueBeforeDecodeView: Uint8Array }): Buffer {
  return Buffer.from(v.valueBeforeDecodeView);
}

/** Child elements of a constructed value (SEQUENCE, SET, context-tagged). */
export function childrenOf(v: asn1js.AsnType | undefined): asn1js.AsnType[] {
  const vb = (v as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  return Array.isArray(vb) ? (vb as asn1js.AsnType[]) : [];
}

/** Contents of a primitive value (OCTET STRING, INTEGER…); a constructed OCTET STRING is joined. */
export function contentOf(v: asn1js.AsnType | undefined): Buffer {
  if (!v) return Buffer.alloc(0);
  // asn1js parses an OCTET STRING's contents as ASN.1 when they happen to be; getValue()
  // gives the octets themselves (joined for a constructed BER string).
  if (v instanceof asn1js.OctetString) {
    if (!v.idBlock.isConstructed) return Buffer.from(v.valueBlock.valueHexView);
    return Buffer.concat(childrenOf(v).map(contentOf));
  }
  const hex = (v as { valueBlock?: { valueHexView?: Uint8Array } }).valueBlock?.valueHexView;
  return Buffer.from(hex ?? new Uint8Array());
}

export function oidOf(v: asn1js.AsnType | undefined): string {
  return v instanceof asn1js.ObjectIdentifier ? v.valueBlock.toString() : '';
}

export function isContextTag(v: asn1js.AsnType | undefined, n: number): boolean {
  return v !== undefined && v.idBlock.tagClass === 3 && v.idBlock.tagNumber === n;
}

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  /** Adobe's signed attribute carrying CRLs and OCSP responses (PDF 1.6+, PAdES-LT style). */
  adbeRevocationInfoArchival: '1.2.840.113583.1.1.8',
  /** RevocationInfoChoice `other` holding an OCSP response (RFC 5940). */
  riOcspResponse: '1.3.6.1.5.5.7.16.2',
  rsaPss: '1.2.840.113549.1.1.10',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

/** Digest OIDs to Node hash names. */
export const HASH_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.840.113549.2.5': 'md5',
};

/** An element that is already DER (a certificate, a token), to place inside a structure being built. */
export function embedDer(bytes: Uint8Array): asn1js.AsnType {
  const v = parseBer(bytes);
  // asn1js re-encodes what it parsed; the bytes must come out as they went in (hashes cover them).
  if (!Buffer.from(v.toBER(false)).equals(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) throw new DerError('the element does not re-encode to the same bytes');
  return v;
}

/** The DER encoding of a value built with asn1js. */
export function toDer(v: asn1js.BaseBlock): Buffer {
  return Buffer.from(v.toBER(false));
}
