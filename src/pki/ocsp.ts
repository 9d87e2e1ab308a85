import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { httpPost, type FetchOptions } from './fetch.js';
import type { EvaluationResult, RevocationStatus } from './types.js';
import { SaidError, said, saidOrMessage } from '../i18n/said.js';
import { HASH_NAME, OID_OCSP_SIGNING, certName, derElement, hasEku, isSupportedSignature, issuedBy, nameAndKey, toArrayBuffer, tryParseCert, verifyTbs, type Cert } from './x509.js';

const OID_SHA1 = '1.3.14.3.2.26';
const OID_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OID_NONCE = '1.3.6.1.5.5.7.48.1.2';
const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', '', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];
const RESPONSE_STATUS = ['successful', 'malformedRequest', 'internalError', 'tryLater', '', 'sigRequired', 'unauthorized'];

/** CertID with SHA-1, the one hash every responder supports (RFC 5019); it only names the certificate. */
function certIdFor(cert: Cert, issuer: Cert): pkijs.CertID {
  const { subjectDer, keyBits } = nameAndKey(issuer);
  const h = (b: Buffer) => crypto.createHash('sha1').update(b).digest();
  return new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA1, algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: toArrayBuffer(h(subjectDer)) }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: toArrayBuffer(h(keyBits)) }),
    serialNumber: cert.pki.serialNumber,
  });
}

/** A DER OCSPRequest for one certificate, with a nonce. */
export function buildOcspRequest(cert: Cert, issuer: Cert, nonce: Buffer): Buffer {
  const req = new pkijs.OCSPRequest();
  req.tbsRequest.requestList = [new pkijs.Request({ reqCert: certIdFor(cert, issuer) })];
  req.tbsRequest.requestExtensions = [
    new pkijs.Extension({ extnID: OID_NONCE, extnValue: new asn1js.OctetString({ valueHex: toArrayBuffer(nonce) }).toBER(false) }),
  ];
  return Buffer.from(req.toSchema(true).toBER(false));
}

/** Asks the responder at `url` about `cert`; returns the raw OCSPResponse after checking the nonce if echoed. */
export async function fetchOcsp(url: string, cert: Cert, issuer: Cert, o: FetchOptions): Promise<Buffer> {
  const nonce = crypto.randomBytes(16);
  const body = await httpPost(url, buildOcspRequest(cert, issuer, nonce), 'application/ocsp-request', o);
  const echoed = responseNonce(body);
  if (echoed && !echoed.equals(nonce)) throw new SaidError(said('revocation.ocspReplayed', { url }));
  return body;
}

function basicResponse(der: Uint8Array): pkijs.BasicOCSPResponse {
  const resp = pkijs.OCSPResponse.fromBER(toArrayBuffer(derElement(der)));
  const status = resp.responseStatus.valueBlock.valueDec;
  if (status !== 0) throw new SaidError(said('revocation.ocspRefused', { status: RESPONSE_STATUS[status] || status }));
  if (!resp.responseBytes || resp.responseBytes.responseType !== OID_BASIC) throw new SaidError(said('revocation.ocspNotBasic'));
  return pkijs.BasicOCSPResponse.fromBER(toArrayBuffer(Buffer.from(resp.responseBytes.response.valueBlock.valueHexView)));
}

function responseNonce(der: Buffer): Buffer | undefined {
  try {
    const ext = basicResponse(der).tbsResponseData.responseExtensions?.find((e) => e.extnID === OID_NONCE);
    if (!ext) return undefined;
    const v = Buffer.from(ext.extnValue.valueBlock.valueHexView);
    // The value is an OCTET STRING wrapping the nonce; some responders omit the wrapping.
    try {
      const inner = asn1js.fromBER(toArrayBuffer(v)).result;
      if (inner instanceof asn1js.OctetString) return Buffer.from(inner.valueBlock.valueHexView);
    } catch {
      /* raw nonce */
    }
    return v;
  } catch {
    return undefined;
  }
}

function sameCertId(a: pkijs.CertID, cert: Cert, issuer: Cert): boolean {
  const hash = HASH_NAME[a.hashAlgorithm.algorithmId];
  if (!hash) return false;
  const { subjectDer, keyBits } = nameAndKey(issuer);
  const h = (b: Buffer) => crypto.createHash(hash).update(b).digest();
  return (
    Buffer.from(a.serialNumber.valueBlock.valueHexView).equals(Buffer.from(cert.pki.serialNumber.valueBlock.valueHexView)) &&
    Buffer.from(a.issuerNameHash.valueBlock.valueHexView).equals(h(subjectDer)) &&
    Buffer.from(a.issuerKeyHash.valueBlock.valueHexView).equals(h(keyBits))
  );
}

/**
 * Reads an OCSP response about `cert`: the response must be signed by the issuer itself or by
 * a responder certificate the issuer delegated (issued by it, with id-kp-OCSPSigning).
 */
export function evaluateOcsp(der: Uint8Array, cert: Cert, issuer: Cert): EvaluationResult {
  let basic: pkijs.BasicOCSPResponse;
  try {
    basic = basicResponse(der);
  } catch (e) {
    return { problem: said('revocation.ocspUnreadable', { detail: saidOrMessage(e) }) };
  }
  const single = basic.tbsResponseData.responses.find((r) => sameCertId(r.certID, cert, issuer));
  if (!single) return {};
  const alg = basic.signatureAlgorithm.algorithmId;
  if (!isSupportedSignature(alg)) return { problem: said('revocation.ocspAlgorithm', { alg }) };
  const delegated = (basic.certs ?? [])
    .map((c) => tryParseCert(Buffer.from(c.toSchema().toBER(false))))
    .filter((c): c is Cert => c !== undefined && issuedBy(c, issuer) && hasEku(c, OID_OCSP_SIGNING));
  const tbs = basic.tbsResponseData.tbsView;
  const responder = [issuer, ...delegated].find((c) => verifyTbs(tbs, alg, basic.signature, c));
  if (!responder) return { problem: said('revocation.ocspSigner') };
  if (responder !== issuer) {
    // Checked when it answered (producedAt), not now: archived responses outlive responder certificates.
    const at = basic.tbsResponseData.producedAt.getTime();
    if (at < new Date(responder.x509.validFrom).getTime() || at > new Date(responder.x509.validTo).getTime())
      return { problem: said('revocation.ocspResponderValidity', { responder: certName(responder) }) };
  }
  const tag = (single.certStatus as asn1js.BaseBlock).idBlock.tagNumber;
  const status: RevocationStatus = tag === 0 ? 'good' : tag === 1 ? 'revoked' : 'unknown';
  const ev = { status, source: 'ocsp' as const, thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate, signedBy: certName(responder) };
  if (status === 'revoked') return { evidence: { ...ev, ...revokedInfo(single.certStatus as asn1js.Constructed) } };
  return { evidence: ev };
}

function revokedInfo(node: asn1js.Constructed): { revokedAt?: Date; reason?: string } {
  const [time, reasonWrap] = node.valueBlock.value as asn1js.BaseBlock[];
  const out: { revokedAt?: Date; reason?: string } = {};
  if (time instanceof asn1js.GeneralizedTime) out.revokedAt = time.toDate();
  const reason = (reasonWrap as asn1js.Constructed | undefined)?.valueBlock?.value?.[0];
  if (reason instanceof asn1js.Enumerated) out.reason = REASONS[reason.valueBlock.valueDec] || String(reason.valueBlock.valueDec);
  return out;
}
