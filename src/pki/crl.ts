import * as pkijs from 'pkijs';
import { httpGet, type FetchOptions } from './fetch.js';
import type { EvaluationResult } from './types.js';
import { said, saidOrMessage } from '../i18n/said.js';
import { certName, derElement, isSupportedSignature, issuerDer, nameAndKey, toArrayBuffer, verifyTbs, type Cert } from './x509.js';

const OID_REASON = '2.5.29.21';
const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', '', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];

/** Downloads a CRL (DER, or PEM as some CAs publish it). */
export async function fetchCrl(url: string, o: FetchOptions): Promise<Buffer> {
  const body = await httpGet(url, o);
  const pem = /-----BEGIN X509 CRL-----([\s\S]+?)-----END X509 CRL-----/.exec(body.toString('latin1'));
  return pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : body;
}

/**
 * Reads a CRL for `cert`. Only CRLs the issuing CA signed itself count (no indirect CRLs):
 * the CRL's issuer must be the certificate's issuer, and the issuer's key must verify it.
 */
export function evaluateCrl(der: Uint8Array, cert: Cert, issuer: Cert): EvaluationResult {
  let crl: pkijs.CertificateRevocationList;
  try {
    crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(derElement(der)));
  } catch (e) {
    return { problem: said('revocation.crlUnreadable', { detail: saidOrMessage(e) }) };
  }
  const crlIssuer = Buffer.from(crl.issuer.toSchema().toBER(false));
  if (!crlIssuer.equals(issuerDer(cert)) || !crlIssuer.equals(nameAndKey(issuer).subjectDer)) return {};
  const alg = crl.signatureAlgorithm.algorithmId;
  if (!isSupportedSignature(alg)) return { problem: said('revocation.crlAlgorithm', { alg }) };
  if (!verifyTbs(crl.tbsView, alg, crl.signatureValue, issuer)) return { problem: said('revocation.crlSignature', { issuer: certName(issuer) }) };
  const serial = Buffer.from(cert.pki.serialNumber.valueBlock.valueHexView);
  const entry = crl.revokedCertificates?.find((r) => Buffer.from(r.userCertificate.valueBlock.valueHexView).equals(serial));
  const base = { source: 'crl' as const, thisUpdate: crl.thisUpdate.value, nextUpdate: crl.nextUpdate?.value, signedBy: certName(issuer) };
  if (!entry) return { evidence: { ...base, status: 'good' } };
  const reasonExt = entry.crlEntryExtensions?.extensions.find((e) => e.extnID === OID_REASON);
  const code = (reasonExt?.parsedValue as { valueBlock?: { valueDec?: number } } | undefined)?.valueBlock?.valueDec;
  return { evidence: { ...base, status: 'revoked', revokedAt: entry.revocationDate.value, reason: code === undefined ? undefined : REASONS[code] || String(code) } };
}
