import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, contentOf, parseBer, rawOf } from './der.js';

/** The parts of a certificate CMS needs: its issuer name and serial as encoded, and its key id. */
export interface CertIds {
  issuerDer: Buffer;
  serialDer: Buffer;
  subjectDer: Buffer;
  ski?: Buffer;
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return new pkijs.Certificate({ schema: parseBer(der) });
}

export function certIds(der: Uint8Array): CertIds {
  const c = parseCertificate(der);
  const ski = c.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  return {
    serialDer: rawOf(c.serialNumber),
    issuerDer: Buffer.from(c.issuer.valueBeforeDecode),
    subjectDer: Buffer.from(c.subject.valueBeforeDecode),
    ...(ski ? { ski: contentOf(parseBer(ski.extnValue.valueBlock.valueHexView)) } : {}),
  };
}

/** `CN=…, O=…, C=VN`: one line, most specific first, as people read names. */
export function dn(s: string): string {
  return s
    .split('\n')
    .filter(Boolean)
    .reverse()
    .join(', ');
}

export interface CertSummary {
  subject: string;
  issuer: string;
  serial: string;
  validFrom: string;
  validTo: string;
}

export function describeCert(c: X509Certificate): CertSummary {
  return {
    subject: dn(c.subject),
    issuer: dn(c.issuer),
    serial: c.serialNumber,
    validFrom: new Date(c.validFrom).toISOString(),
    validTo: new Date(c.validTo).toISOString(),
  };
}

/** Does the SignerInfo's sid (issuer and serial, or subject key id) name this certificate? */
export function matchesSid(certDer: Buffer, sid: unknown): boolean {
  let ids: CertIds;
  try {
    ids = certIds(certDer);
  } catch {
    return false;
  }
  if (sid instanceof pkijs.IssuerAndSerialNumber)
    return Buffer.from(sid.issuer.valueBeforeDecode).equals(ids.issuerDer) && contentOf(sid.serialNumber).equals(contentOf(parseBer(ids.serialDer)));
  if (sid instanceof asn1js.Constructed || sid instanceof asn1js.Primitive) {
    const ski = sid instanceof asn1js.Constructed ? contentOf(sid.valueBlock.value[0]) : contentOf(sid);
    return ids.ski !== undefined && ski.equals(ids.ski);
  }
  return false;
}

export function toX509(der: Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}
