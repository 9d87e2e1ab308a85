import type { Said } from '../i18n/said.js';

export type RevocationStatus = 'good' | 'revoked' | 'unknown';
export type RevocationMode = 'online' | 'offline' | 'off';

/** What one OCSP response or CRL says about one certificate. */
export interface RevocationEvidence {
  status: RevocationStatus;
  source: 'ocsp' | 'crl';
  thisUpdate: Date;
  nextUpdate?: Date;
  revokedAt?: Date;
  reason?: string;
  /** Who signed the response or CRL. */
  signedBy: string;
}

/**
 * The outcome of reading one response or CRL for one certificate: evidence when it speaks about
 * the certificate and checks out; a problem when it speaks about it but does not check out;
 * neither when it is about other certificates.
 */
export interface EvaluationResult {
  evidence?: RevocationEvidence;
  problem?: Said;
}

/** Validation data gathered for a certificate chain, as DER, ready for a DSS or an evaluation. */
export interface ValidationData {
  certs: Buffer[];
  ocsps: Buffer[];
  crls: Buffer[];
}

export function emptyValidationData(): ValidationData {
  return { certs: [], ocsps: [], crls: [] };
}

/** Adds `b` to `a` without duplicates (byte-equal items). */
export function mergeValidationData(a: ValidationData, b: ValidationData): ValidationData {
  const uniq = (xs: Buffer[]) => {
    const seen = new Set<string>();
    return xs.filter((x) => {
      const k = x.toString('base64');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };
  return { certs: uniq([...a.certs, ...b.certs]), ocsps: uniq([...a.ocsps, ...b.ocsps]), crls: uniq([...a.crls, ...b.crls]) };
}
