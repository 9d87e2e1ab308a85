import crypto, { type X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { HASH_BY_OID, OID, childrenOf, contentOf, isContextTag, oidOf, parseBer, rawOf } from './der.js';
import { matchesSid, toX509 } from './certs.js';
import { SIG_ALGS, verifySignature } from './sig-algs.js';
import { SaidError, said, saidOrMessage, type Said } from '../i18n/said.js';

export interface TimestampInfo {
  genTime: Date;
  /** The token's own CMS signature verifies. */
  valid: boolean;
  /** The token's message imprint matches what it should cover. */
  imprintMatch: boolean;
  tsa?: string;
  /** The TSA's certificate, when the token carries it. */
  signer?: X509Certificate;
  /** What is wrong with the token, as catalogue texts (english() gives the English). */
  errors: Said[];
}

/** Revocation data carried inside a CMS: for the revocation checker (see revocation.ts). */
export interface CmsRevocationData {
  /** DER CertificateLists, from SignedData.crls and the adbe-revocationInfoArchival attribute. */
  crls: Buffer[];
  /** DER OCSPResponses, from SignedData.crls (RFC 5940 `other`) and adbe-revocationInfoArchival. */
  ocspResponses: Buffer[];
}

export interface CmsResult {
  /** The signature value verifies with the signer certificate over the signed data. */
  signatureValid: boolean;
  /** The messageDigest attribute (or encapsulated digest) matches the content. */
  digestMatch: boolean;
  algorithm: string;
  digestAlgorithm: string;
  signer?: X509Certificate;
  certificates: X509Certificate[];
  signingTime?: Date;
  hasSigningCertificateV2: boolean;
  timestamp?: TimestampInfo;
  /** The signature-time-stamp token as DER, to gather its TSA's validation data (B-LT). */
  timestampToken?: Buffer;
  eContentType: string;
  eContent?: Buffer;
  revocation: CmsRevocationData;
  errors: Said[];
}

function hashOf(alg: string, parts: Uint8Array[]): Buffer {
  const h = crypto.createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
}

function attrValue(attrs: pkijs.SignedAndUnsignedAttributes | undefined, id: string): asn1js.AsnType | undefined {
  return attrs?.attributes.find((a) => a.type === id)?.values[0] as asn1js.AsnType | undefined;
}

/** The SignedData of a CMS ContentInfo, parsed by pkijs, with its ASN.1 tree for exact bytes. */
function parseSignedData(der: Uint8Array): { sd: pkijs.SignedData; tree: asn1js.AsnType } {
  const ci = new pkijs.ContentInfo({ schema: parseBer(der) });
  if (ci.contentType !== OID.signedData) throw new SaidError(said('verifyProblem.notSignedData', { type: ci.contentType }));
  return { sd: new pkijs.SignedData({ schema: ci.content }), tree: ci.content as asn1js.AsnType };
}

/** Plain-language reason from a parse failure, without JavaScript internals. */
function parseFailure(e: unknown): Said | string {
  const m = saidOrMessage(e);
  return typeof m === 'string' && /Cannot read|undefined|is not a function|of null/.test(m) ? said('verifyProblem.notCms') : m;
}

/**
 * Verifies a CMS SignedData over detached content (the PDF ByteRange parts) or over its own
 * encapsulated content when `detached` is undefined. Never throws for bad signatures: it
 * reports them.
 */
export function verifyCms(der: Uint8Array, detached?: Uint8Array[]): CmsResult {
  const res: CmsResult = {
    signatureValid: false,
    digestMatch: false,
    algorithm: 'unknown',
    digestAlgorithm: 'unknown',
    certificates: [],
    hasSigningCertificateV2: false,
    eContentType: '',
    revocation: { crls: [], ocspResponses: [] },
    errors: [],
  };
  let sd: pkijs.SignedData;
  let tree: asn1js.AsnType;
  try {
    ({ sd, tree } = parseSignedData(der));
  } catch (e) {
    res.errors.push(said('verifyProblem.cmsUnreadable', { detail: parseFailure(e) }));
    return res;
  }
  res.eContentType = sd.encapContentInfo.eContentType;
  if (sd.encapContentInfo.eContent) res.eContent = contentOf(sd.encapContentInfo.eContent);
  // Certificates and CRLs keep their original encoding (hashes and signatures cover it).
  const fields = childrenOf(tree);
  const certDers = childrenOf(fields.find((f) => isContextTag(f, 0)))
    .filter((c) => c instanceof asn1js.Sequence)
    .map(rawOf);
  res.certificates = certDers.map(toX509).filter((c): c is X509Certificate => c !== undefined);
  collectRevocationChoices(childrenOf(fields.find((f) => isContextTag(f, 1))), res.revocation);
  const si = sd.signerInfos[0];
  if (!si) {
    res.errors.push(said('verifyProblem.noSignerInfo'));
    return res;
  }
  try {
    checkSignerInfo(si, certDers, detached, res);
  } catch (e) {
    res.errors.push(said('verifyProblem.signerInfoUnreadable', { detail: parseFailure(e) }));
  }
  return res;
}

function collectRevocationChoices(items: asn1js.AsnType[], into: CmsRevocationData): void {
  for (const item of items) {
    if (item instanceof asn1js.Sequence) into.crls.push(rawOf(item));
    else if (isContextTag(item, 1)) {
      // OtherRevocationInfoFormat [1] IMPLICIT SEQUENCE { format OID, info ANY }
      const [fmt, info] = childrenOf(item);
      if (oidOf(fmt) === OID.riOcspResponse && info) into.ocspResponses.push(rawOf(info));
    }
  }
}

/** adbe-revocationInfoArchival: SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse, … } */
function collectAdobeArchival(v: asn1js.AsnType | undefined, into: CmsRevocationData): void {
  for (const part of childrenOf(v)) {
    const list = childrenOf(childrenOf(part)[0]);
    if (isContextTag(part, 0)) into.crls.push(...list.map(rawOf));
    if (isContextTag(part, 1)) into.ocspResponses.push(...list.map(rawOf));
  }
}

function checkSignerInfo(si: pkijs.SignerInfo, certDers: Buffer[], detached: Uint8Array[] | undefined, res: CmsResult): void {
  const digestOid = si.digestAlgorithm.algorithmId;
  const digestHash = HASH_BY_OID[digestOid];
  const sigAlgOid = si.signatureAlgorithm.algorithmId;
  const alg = SIG_ALGS[sigAlgOid];
  res.digestAlgorithm = digestHash ?? digestOid;
  if (!digestHash) {
    res.errors.push(said('verifyProblem.digestAlgorithm', { alg: res.digestAlgorithm }));
    return;
  }
  const signerDer = certDers.find((c) => matchesSid(c, si.sid));
  res.signer = signerDer ? toX509(signerDer) : undefined;
  if (!res.signer) res.errors.push(said('verifyProblem.noSignerCert'));

  const data = detached ?? (res.eContent ? [res.eContent] : []);
  const contentDigest = hashOf(digestHash, data);
  const signedAttrs = si.signedAttrs;
  let signedBytes: Buffer;
  if (signedAttrs) {
    const md = attrValue(signedAttrs, OID.messageDigest);
    res.digestMatch = md !== undefined && contentOf(md).equals(contentDigest);
    if (!res.digestMatch) res.errors.push(said('verifyProblem.messageDigest'));
    const ct = attrValue(signedAttrs, OID.contentType);
    if (ct && oidOf(ct) !== res.eContentType) res.errors.push(said('verifyProblem.contentType'));
    const st = attrValue(signedAttrs, OID.signingTime);
    if (st instanceof asn1js.UTCTime || st instanceof asn1js.GeneralizedTime) res.signingTime = st.toDate();
    const v2 = attrValue(signedAttrs, OID.signingCertificateV2);
    res.hasSigningCertificateV2 = v2 !== undefined;
    const sc = v2 ?? attrValue(signedAttrs, OID.signingCertificate);
    if (sc && signerDer && !signingCertMatches(sc, v2 !== undefined, signerDer))
      res.errors.push(said('verifyProblem.signingCert'));
    collectAdobeArchival(attrValue(signedAttrs, OID.adbeRevocationInfoArchival), res.revocation);
    // The signature covers the DER of the attributes with the SET OF tag, not the [0] tag.
    signedBytes = Buffer.from(signedAttrs.encodedValue);
    signedBytes[0] = 0x31;
  } else {
    res.digestMatch = true;
    signedBytes = Buffer.concat(data.map((d) => Buffer.from(d)));
  }
  if (!alg) {
    res.errors.push(said('verifyProblem.signatureAlgorithm', { alg: sigAlgOid }));
    return;
  }
  const hash = alg.hash ?? digestHash;
  res.algorithm = `${alg.label} with ${hash.toUpperCase().replace('SHA', 'SHA-')}`;
  const sigValue = contentOf(si.signature);
  if (res.signer) {
    try {
      res.signatureValid = verifySignature(alg.kind, hash, si.signatureAlgorithm, signedBytes, sigValue, res.signer);
    } catch (e) {
      res.errors.push(said('verifyProblem.signatureCheckFailed', { detail: parseFailure(e) }));
    }
    if (!res.signatureValid) res.errors.push(said('verifyProblem.signatureValue'));
  }
  const tst = si.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken)?.values[0] as asn1js.AsnType | undefined;
  if (tst) {
    res.timestampToken = rawOf(tst);
    res.timestamp = checkTimestampToken(res.timestampToken, [sigValue]);
  }
}

/** ESS signing-certificate(-v2): SEQUENCE { certs SEQUENCE OF ESSCertID(v2), … }; the first names the signer. */
function signingCertMatches(attr: asn1js.AsnType, v2: boolean, signerDer: Buffer): boolean {
  const certId = childrenOf(childrenOf(attr)[0])[0];
  const [first, second] = childrenOf(certId);
  const hasAlg = v2 && first instanceof asn1js.Sequence;
  const h = v2 ? (hasAlg ? HASH_BY_OID[oidOf(childrenOf(first)[0])] ?? 'sha256' : 'sha256') : 'sha1';
  const hashNode = hasAlg ? second : first;
  return contentOf(hashNode).equals(hashOf(h, [signerDer]));
}

/**
 * An RFC 3161 token (a CMS over TSTInfo): verifies its signature and that its message
 * imprint is the hash of `covered`.
 */
export function checkTimestampToken(token: Uint8Array, covered: Uint8Array[], nonce?: bigint): TimestampInfo {
  const cms = verifyCms(token);
  const info: TimestampInfo = { genTime: new Date(NaN), valid: false, imprintMatch: false, errors: [...cms.errors] };
  if (cms.eContentType !== OID.tstInfo || !cms.eContent) {
    info.errors.push(said('verifyProblem.noTstInfo'));
    return info;
  }
  try {
    const tst = new pkijs.TSTInfo({ schema: parseBer(cms.eContent) });
    const h = HASH_BY_OID[tst.messageImprint.hashAlgorithm.algorithmId];
    info.imprintMatch = h !== undefined && contentOf(tst.messageImprint.hashedMessage).equals(hashOf(h, covered));
    if (!info.imprintMatch) info.errors.push(said('verifyProblem.imprint'));
    info.genTime = tst.genTime;
    if (nonce !== undefined && (!tst.nonce || BigInt(`0x${contentOf(tst.nonce).toString('hex') || '0'}`) !== nonce))
      info.errors.push(said('verifyProblem.nonce'));
  } catch (e) {
    info.errors.push(said('verifyProblem.tstInfoUnreadable', { detail: parseFailure(e) }));
  }
  info.valid = cms.signatureValid && cms.digestMatch;
  info.signer = cms.signer;
  info.tsa = cms.signer ? cms.signer.subject.split('\n').reverse().join(', ') : undefined;
  return info;
}
