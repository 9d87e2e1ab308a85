import type { X509Certificate } from 'node:crypto';
import { PdfStream, type PdfValue } from './pdf/objects.js';
import { decodeStream } from './pdf/filters.js';
import type { PdfFile } from './pdf/file.js';
import type { CmsRevocationData } from './cms.js';

/**
 * The seam for revocation checking. The verifier collects the validation data a PDF carries
 * (in each CMS and in the document security store, DSS) and calls `checkRevocation` once per
 * signature. Today it reports `not-checked`; a revocation checker (CRL/OCSP, offline from this
 * data or online) replaces the body of `checkRevocation` and keeps this contract.
 */
export interface EmbeddedValidationData {
  /** DER CertificateLists. */
  crls: Buffer[];
  /** DER OCSPResponses. */
  ocspResponses: Buffer[];
  /** DER certificates from the DSS (the CMS's own certificates are in the chain's pool). */
  certificates: Buffer[];
}

export interface RevocationInput {
  /** Signer first, then each issuer as far as the chain could be built. */
  chain: X509Certificate[];
  /** Data from this signature's CMS (SignedData.crls, adbe-revocationInfoArchival). */
  cms: CmsRevocationData;
  /** Data from the document's DSS, shared by all signatures. */
  dss: EmbeddedValidationData;
  /** The time the status must hold at: the timestamp's time, else the claimed signing time. */
  at?: Date;
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown' | 'not-checked';

export interface RevocationResult {
  status: RevocationStatus;
  detail: string;
  /** How much embedded data was available to a checker. */
  embedded: { crls: number; ocspResponses: number };
}

export function checkRevocation(input: RevocationInput): RevocationResult {
  return {
    status: 'not-checked',
    detail: 'revocation (CRL/OCSP) is not checked by this version of sohoa',
    embedded: { crls: input.cms.crls.length + input.dss.crls.length, ocspResponses: input.cms.ocspResponses.length + input.dss.ocspResponses.length },
  };
}

/** The streams listed under /DSS /Certs, /CRLs and /OCSPs, decoded. */
export function readDss(f: PdfFile): EmbeddedValidationData {
  const dss = f.dict(f.root()?.get('DSS'));
  const streams = (v: PdfValue | undefined): Buffer[] => {
    const arr = f.resolve(v);
    if (!Array.isArray(arr) || f.encrypted) return [];
    const out: Buffer[] = [];
    for (const x of arr) {
      const s = f.resolve(x);
      if (!(s instanceof PdfStream)) continue;
      try {
        out.push(decodeStream(s));
      } catch {
        // an undecodable entry is skipped; the checker reports what it could not find
      }
    }
    return out;
  };
  return { certificates: streams(dss?.get('Certs')), crls: streams(dss?.get('CRLs')), ocspResponses: streams(dss?.get('OCSPs')) };
}
