import { X509Certificate } from 'node:crypto';
import { content, oid, parseDer, raw, type Node } from './asn1.js';

/** The parts of a certificate CMS needs: its issuer name and serial as encoded, and its key id. */
export interface CertIds {
  issuerDer: Buffer;
  serialDer: Buffer;
  subjectDer: Buffer;
  ski?: Buffer;
}

export function certIds(der: Buffer): CertIds {
  const tbs = parseDer(der).children[0]!;
  const k = tbs.children[0]!.tag === 0xa0 ? 1 : 0;
  const ids: CertIds = {
    serialDer: raw(tbs.children[k]!),
    issuerDer: raw(tbs.children[k + 2]!),
    subjectDer: raw(tbs.children[k + 4]!),
  };
  const extsWrap = tbs.children.find((c) => c.tag === 0xa3);
  for (const ext of extsWrap?.children[0]?.children ?? []) {
    if (oid(ext.children[0]!) === '2.5.29.14') {
      const inner = parseDer(content(ext.children[ext.children.length - 1]!));
      ids.ski = content(inner);
    }
  }
  return ids;
}

/** `CN=…, O=…, C=VN`: one line, most specific first, as people read names. */
export function dn(s: string): string {
  return s
    .split('\n')
    .filter(Boolean)
    .reverse()
    .join(', ');
}

export function describeCert(c: X509Certificate): { subject: string; issuer: string; serial: string; validFrom: string; validTo: string } {
  return {
    subject: dn(c.subject),
    issuer: dn(c.issuer),
    serial: c.serialNumber,
    validFrom: new Date(c.validFrom).toISOString(),
    validTo: new Date(c.validTo).toISOString(),
  };
}

export function matchesSid(cert: Buffer, sid: Node): boolean {
  const ids = certIds(cert);
  if (sid.tag === 0x30) {
    return raw(sid.children[0]!).equals(ids.issuerDer) && raw(sid.children[1]!).equals(ids.serialDer);
  }
  if (sid.tag === 0x80 || sid.tag === 0xa0) return ids.ski !== undefined && content(sid).equals(ids.ski);
  return false;
}

export function toX509(der: Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}
