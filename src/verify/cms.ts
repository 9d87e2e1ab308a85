import crypto, { type X509Certificate } from 'node:crypto';
import { HASH_BY_OID, OID, content, integer, octets, oid, parseDer, raw, time, type Node } from './asn1.js';
import { matchesSid, toX509 } from './certs.js';

export interface TimestampInfo {
  genTime: Date;
  /** The token's own CMS signature verifies. */
  valid: boolean;
  /** The token's message imprint matches what it should cover. */
  imprintMatch: boolean;
  tsa?: string;
  errors: string[];
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
  eContentType: string;
  eContent?: Buffer;
  errors: string[];
}

const SIG_ALGS: Record<string, { kind: 'rsa' | 'pss' | 'ecdsa' | 'plain-ecdsa'; hash?: string }> = {
  [OID.rsaEncryption]: { kind: 'rsa' },
  '1.2.840.113549.1.1.4': { kind: 'rsa', hash: 'md5' },
  '1.2.840.113549.1.1.5': { kind: 'rsa', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'sha512' },
  '1.2.840.113549.1.1.14': { kind: 'rsa', hash: 'sha224' },
  [OID.rsaPss]: { kind: 'pss' },
  [OID.ecPublicKey]: { kind: 'ecdsa' },
  '1.2.840.10045.4.1': { kind: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { kind: 'ecdsa', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'sha512' },
  // BSI TR-03111 plain ECDSA: r || s instead of a DER SEQUENCE.
  '0.4.0.127.0.7.1.1.4.1.1': { kind: 'plain-ecdsa', hash: 'sha1' },
  '0.4.0.127.0.7.1.1.4.1.2': { kind: 'plain-ecdsa', hash: 'sha224' },
  '0.4.0.127.0.7.1.1.4.1.3': { kind: 'plain-ecdsa', hash: 'sha256' },
  '0.4.0.127.0.7.1.1.4.1.4': { kind: 'plain-ecdsa', hash: 'sha384' },
  '0.4.0.127.0.7.1.1.4.1.5': { kind: 'plain-ecdsa', hash: 'sha512' },
};

const KIND_LABEL = { rsa: 'RSA PKCS#1 v1.5', pss: 'RSASSA-PSS', ecdsa: 'ECDSA', 'plain-ecdsa': 'plain-ECDSA' };

function hashOf(alg: string, parts: Uint8Array[]): Buffer {
  const h = crypto.createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
}

function attr(attrs: Node | undefined, id: string): Node | undefined {
  const a = attrs?.children.find((x) => oid(x.children[0]!) === id);
  return a?.children[1]?.children[0];
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
    errors: [],
  };
  let sd: Node;
  try {
    const ci = parseDer(der);
    if (oid(ci.children[0]!) !== OID.signedData) throw new Error('not a SignedData');
    sd = ci.children[1]!.children[0]!;
  } catch (e) {
    res.errors.push(`CMS is not readable: ${(e as Error).message}`);
    return res;
  }
  const encap = sd.children[2]!;
  res.eContentType = oid(encap.children[0]!);
  if (encap.children[1]) res.eContent = octets(encap.children[1].children[0]!);
  const certsNode = sd.children.find((c) => c.tag === 0xa0);
  const certDers = (certsNode?.children ?? []).filter((c) => c.tag === 0x30).map((c) => Buffer.from(raw(c)));
  res.certificates = certDers.map(toX509).filter((c): c is X509Certificate => c !== undefined);
  const infos = sd.children[sd.children.length - 1]!;
  const si = infos.children[0];
  if (!si) {
    res.errors.push('CMS has no SignerInfo');
    return res;
  }
  try {
    checkSignerInfo(si, certDers, detached, res);
  } catch (e) {
    res.errors.push(`SignerInfo is not readable: ${(e as Error).message}`);
  }
  return res;
}

function checkSignerInfo(si: Node, certDers: Buffer[], detached: Uint8Array[] | undefined, res: CmsResult): void {
  const [, sid, digAlg] = si.children;
  let i = 3;
  const signedAttrs = si.children[i]?.tag === 0xa0 ? si.children[i++] : undefined;
  const sigAlg = si.children[i++]!;
  const sigValue = content(si.children[i++]!);
  const unsigned = si.children[i]?.tag === 0xa1 ? si.children[i] : undefined;

  const digestHash = HASH_BY_OID[oid(digAlg!.children[0]!)];
  const sigAlgOid = oid(sigAlg.children[0]!);
  const alg = SIG_ALGS[sigAlgOid];
  res.digestAlgorithm = digestHash ?? oid(digAlg!.children[0]!);
  if (!digestHash) {
    res.errors.push(`Unsupported digest algorithm ${res.digestAlgorithm}`);
    return;
  }
  const certIndex = certDers.findIndex((c) => matchesSid(c, sid!));
  const signerDer = certIndex >= 0 ? certDers[certIndex] : undefined;
  res.signer = signerDer ? toX509(signerDer) : undefined;
  if (!res.signer) res.errors.push('The signer certificate is not in the CMS');

  const data = detached ?? (res.eContent ? [res.eContent] : []);
  const contentDigest = hashOf(digestHash, data);
  let signedBytes: Buffer;
  if (signedAttrs) {
    const md = attr(signedAttrs, OID.messageDigest);
    res.digestMatch = md !== undefined && content(md).equals(contentDigest);
    if (!res.digestMatch) res.errors.push('The messageDigest attribute does not match the signed bytes');
    const ct = attr(signedAttrs, OID.contentType);
    if (ct && oid(ct) !== res.eContentType) res.errors.push('The contentType attribute does not match the content');
    const st = attr(signedAttrs, OID.signingTime);
    if (st) res.signingTime = time(st);
    const scv2 = attr(signedAttrs, OID.signingCertificateV2) ?? attr(signedAttrs, OID.signingCertificate);
    res.hasSigningCertificateV2 = attr(signedAttrs, OID.signingCertificateV2) !== undefined;
    if (scv2 && signerDer) {
      const certId = scv2.children[0]!.children[0]!;
      const v2 = attr(signedAttrs, OID.signingCertificateV2) !== undefined;
      const first = certId.children[0]!;
      const h = v2 ? (first.tag === 0x30 ? HASH_BY_OID[oid(first.children[0]!)] ?? 'sha256' : 'sha256') : 'sha1';
      const hashNode = v2 && first.tag === 0x30 ? certId.children[1]! : first;
      if (!content(hashNode).equals(hashOf(h, [signerDer]))) res.errors.push('The signing-certificate attribute does not match the signer certificate');
    }
    // The signature covers the DER of the attributes with the SET OF tag, not the [0] tag.
    signedBytes = Buffer.from(raw(signedAttrs));
    signedBytes[0] = 0x31;
  } else {
    res.digestMatch = true;
    signedBytes = Buffer.concat(data.map((d) => Buffer.from(d)));
  }
  if (!alg) {
    res.errors.push(`Unsupported signature algorithm ${sigAlgOid}`);
    return;
  }
  const hash = alg.hash ?? digestHash;
  res.algorithm = `${KIND_LABEL[alg.kind]} with ${hash.toUpperCase().replace('SHA', 'SHA-')}`;
  if (res.signer) {
    try {
      res.signatureValid = verifySignature(alg.kind, hash, sigAlg, signedBytes, sigValue, res.signer);
    } catch (e) {
      res.errors.push(`Signature check failed: ${(e as Error).message}`);
    }
    if (!res.signatureValid) res.errors.push('The signature value does not verify with the signer certificate');
  }
  const tst = attr(unsigned, OID.signatureTimeStampToken);
  if (tst) res.timestamp = checkTimestampToken(raw(tst), [sigValue]);
}

function verifySignature(kind: string, hash: string, sigAlg: Node, data: Buffer, sig: Buffer, cert: X509Certificate): boolean {
  const key = cert.publicKey;
  if (kind === 'pss') {
    const params = sigAlg.children[1];
    let pssHash = 'sha1';
    let saltLength = 20;
    for (const p of params?.children ?? []) {
      if (p.tag === 0xa0) pssHash = HASH_BY_OID[oid(p.children[0]!.children[0]!)] ?? pssHash;
      if (p.tag === 0xa2) saltLength = Number(integer(p.children[0]!));
    }
    return crypto.verify(pssHash, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength }, sig);
  }
  if (kind === 'plain-ecdsa') return crypto.verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  return crypto.verify(hash, data, key, sig);
}

/**
 * An RFC 3161 token (a CMS over TSTInfo): verifies its signature and that its message
 * imprint is the hash of `covered`.
 */
export function checkTimestampToken(token: Uint8Array, covered: Uint8Array[], nonce?: bigint): TimestampInfo {
  const cms = verifyCms(token);
  const info: TimestampInfo = { genTime: new Date(NaN), valid: false, imprintMatch: false, errors: [...cms.errors] };
  if (cms.eContentType !== OID.tstInfo || !cms.eContent) {
    info.errors.push('The timestamp token does not hold a TSTInfo');
    return info;
  }
  try {
    const tst = parseDer(cms.eContent);
    const imprint = tst.children[2]!;
    const h = HASH_BY_OID[oid(imprint.children[0]!.children[0]!)];
    info.imprintMatch = h !== undefined && content(imprint.children[1]!).equals(hashOf(h, covered));
    if (!info.imprintMatch) info.errors.push('The timestamp message imprint does not match');
    info.genTime = time(tst.children[4]!);
    if (nonce !== undefined) {
      const n = tst.children.slice(5).find((c) => c.tag === 0x02);
      if (!n || integer(n) !== nonce) info.errors.push('The timestamp nonce does not match the request');
    }
  } catch (e) {
    info.errors.push(`TSTInfo is not readable: ${(e as Error).message}`);
  }
  info.valid = cms.signatureValid && cms.digestMatch;
  info.tsa = cms.signer ? cms.signer.subject.split('\n').reverse().join(', ') : undefined;
  return info;
}
