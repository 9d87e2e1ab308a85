import crypto from 'node:crypto';
import type { Signer } from '../../ports/signer.js';
import { NULL, OID, derOid, octetString, seq, set, setOf, tlv } from '../../verify/asn1.js';
import { certIds, type CertIds } from '../../verify/certs.js';

const sha256Alg = seq(derOid(OID.sha256), NULL);

interface CertParts {
  ids: CertIds;
  /** signing-certificate-v2 attribute: the same for every signature of this certificate. */
  signingCertAttr: Buffer;
}

const certParts = new Map<string, CertParts>();

/**
 * What the CMS takes from the signer certificate, parsed once per certificate: a batch signs
 * thousands of files with one key, and parsing the certificate was a third of each signature.
 */
function partsOf(cert: Buffer): CertParts {
  const key = cert.toString('base64');
  let p = certParts.get(key);
  if (!p) {
    const ids = certIds(cert);
    // ESSCertIDv2 with the default hash (SHA-256) omitted, plus IssuerSerial.
    const issuerSerial = seq(seq(tlv(0xa4, ids.issuerDer)), ids.serialDer);
    const essCertIdV2 = seq(octetString(crypto.createHash('sha256').update(cert).digest()), issuerSerial);
    p = { ids, signingCertAttr: attribute(OID.signingCertificateV2, seq(seq(essCertIdV2))) };
    if (certParts.size >= 16) certParts.delete(certParts.keys().next().value!);
    certParts.set(key, p);
  }
  return p;
}

function attribute(type: string, value: Buffer): Buffer {
  return seq(derOid(type), set(value));
}

/**
 * PAdES B-B signed attributes: contentType, messageDigest and signing-certificate-v2
 * (RFC 5035). No signingTime: PAdES puts the time in the signature dictionary's /M.
 * Returned as the DER SET OF that gets signed.
 */
export function signedAttributes(contentDigest: Buffer, cert: Buffer): Buffer {
  return setOf([attribute(OID.contentType, derOid(OID.data)), attribute(OID.messageDigest, octetString(contentDigest)), partsOf(cert).signingCertAttr]);
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
  const { ids } = partsOf(p.signer.certificate);
  const sigAlg = p.signer.keyType === 'rsa' ? seq(derOid(OID.rsaEncryption), NULL) : seq(derOid(OID.ecdsaWithSha256));
  const signedAttrsImplicit = Buffer.from(p.signedAttrs);
  signedAttrsImplicit[0] = 0xa0;
  const unsigned = p.timestampToken ? [tlv(0xa1, attribute(OID.signatureTimeStampToken, p.timestampToken))] : [];
  const signerInfo = seq(
    Buffer.from([0x02, 0x01, 0x01]),
    seq(ids.issuerDer, ids.serialDer),
    sha256Alg,
    signedAttrsImplicit,
    sigAlg,
    octetString(p.signature),
    ...unsigned,
  );
  const signedData = seq(
    Buffer.from([0x02, 0x01, 0x01]),
    set(sha256Alg),
    seq(derOid(OID.data)),
    tlv(0xa0, p.signer.certificate, ...p.signer.chain),
    set(signerInfo),
  );
  return seq(derOid(OID.signedData), tlv(0xa0, signedData));
}

/** Bytes the CMS needs beyond the timestamp, with room for the largest signature value. */
export function cmsSizeEstimate(signer: Signer): number {
  const certs = signer.certificate.length + signer.chain.reduce((n, c) => n + c.length, 0);
  // ASN.1 headers, algorithm identifiers, issuer name, three signed attributes.
  return certs + signer.maxSignatureLength + 2 * partsOf(signer.certificate).ids.issuerDer.length + 600;
}
