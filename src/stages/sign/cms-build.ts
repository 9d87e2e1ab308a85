import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import type { Signer } from '../../ports/signer.js';
import { OID, embedDer, toDer } from '../../verify/der.js';
import { certIds, type CertIds } from '../../verify/certs.js';

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const octets = (b: Uint8Array) => new asn1js.OctetString({ valueHex: b });
const seq = (...value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const set = (...value: asn1js.AsnType[]) => new asn1js.Set({ value });
/** `[n]` EXPLICIT or a constructed IMPLICIT SET/SEQUENCE: context-specific, constructed. */
const tagged = (tagNumber: number, ...value: asn1js.AsnType[]) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });
const sha256Alg = () => seq(oid(OID.sha256), new asn1js.Null());

function attribute(type: string, value: asn1js.AsnType): asn1js.Sequence {
  return seq(oid(type), set(value));
}

// A batch signs thousands of files with one certificate: what depends only on it is parsed once.
const idsCache = new WeakMap<Buffer, CertIds>();
const signingCertCache = new WeakMap<Buffer, asn1js.Sequence>();
const certsCache = new WeakMap<Signer, asn1js.AsnType[]>();

function idsOf(cert: Buffer): CertIds {
  let ids = idsCache.get(cert);
  if (!ids) idsCache.set(cert, (ids = certIds(cert)));
  return ids;
}

/** signing-certificate-v2: ESSCertIDv2 with the default hash (SHA-256) omitted, plus IssuerSerial (GeneralNames [4] directoryName). */
function signingCertificateV2(cert: Buffer): asn1js.Sequence {
  let attr = signingCertCache.get(cert);
  if (!attr) {
    const ids = idsOf(cert);
    const issuerSerial = seq(seq(tagged(4, embedDer(ids.issuerDer))), embedDer(ids.serialDer));
    const essCertIdV2 = seq(octets(crypto.createHash('sha256').update(cert).digest()), issuerSerial);
    signingCertCache.set(cert, (attr = attribute(OID.signingCertificateV2, seq(seq(essCertIdV2)))));
  }
  return attr;
}

/** The signer certificate and its chain, as they go into SignedData.certificates. */
function certificatesOf(signer: Signer): asn1js.AsnType[] {
  let certs = certsCache.get(signer);
  if (!certs) certsCache.set(signer, (certs = [signer.certificate, ...signer.chain].map(embedDer)));
  return certs;
}

/**
 * PAdES B-B signed attributes: contentType, messageDigest and signing-certificate-v2
 * (RFC 5035). No signingTime: PAdES puts the time in the signature dictionary's /M.
 * Returned as the DER SET OF that gets signed (DER sorts its members).
 */
export function signedAttributes(contentDigest: Buffer, cert: Buffer): Buffer {
  const attrs = [attribute(OID.contentType, oid(OID.data)), attribute(OID.messageDigest, octets(contentDigest)), signingCertificateV2(cert)];
  const sorted = attrs.map((a) => ({ a, der: toDer(a) })).sort((x, y) => Buffer.compare(x.der, y.der));
  return toDer(set(...sorted.map((x) => x.a)));
}

export interface CmsParts {
  signer: Signer;
  signedAttrs: Buffer;
  signature: Buffer;
  /** A complete RFC 3161 TimeStampToken (ContentInfo) to add as signature-time-stamp. */
  timestampToken?: Buffer;
}

/** CMS SignedData (detached) as PAdES wants it: signer certificate and its chain included. */
export function assembleCms(p: CmsParts): Buffer {
  const sigAlg = p.signer.keyType === 'rsa' ? seq(oid(OID.rsaEncryption), new asn1js.Null()) : seq(oid(OID.ecdsaWithSha256));
  // signedAttrs are [0] IMPLICIT: the signed SET OF with its tag replaced, bytes otherwise unchanged.
  const implicitAttrs = Buffer.from(p.signedAttrs);
  implicitAttrs[0] = 0xa0;
  const unsigned = p.timestampToken ? [tagged(1, attribute(OID.signatureTimeStampToken, embedDer(p.timestampToken)))] : [];
  const signerInfo = seq(
    new asn1js.Integer({ value: 1 }),
    seq(embedDer(idsOf(p.signer.certificate).issuerDer), embedDer(idsOf(p.signer.certificate).serialDer)),
    sha256Alg(),
    embedDer(implicitAttrs),
    sigAlg,
    octets(p.signature),
    ...unsigned,
  );
  const signedData = seq(
    new asn1js.Integer({ value: 1 }),
    set(sha256Alg()),
    seq(oid(OID.data)),
    tagged(0, ...certificatesOf(p.signer)),
    set(signerInfo),
  );
  return toDer(seq(oid(OID.signedData), tagged(0, signedData)));
}

/** Bytes the CMS needs beyond the timestamp, with room for the largest signature value. */
export function cmsSizeEstimate(signer: Signer): number {
  const certs = signer.certificate.length + signer.chain.reduce((n, c) => n + c.length, 0);
  // ASN.1 headers, algorithm identifiers, issuer name, three signed attributes.
  return certs + signer.maxSignatureLength + 2 * idsOf(signer.certificate).issuerDer.length + 600;
}
