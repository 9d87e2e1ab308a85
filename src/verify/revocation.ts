import type { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { checkChainRevocation, parseCert, parseCerts, type CertRevocation, type RevocationMode, type ValidationData } from '../pki/index.js';
import { derElement, toArrayBuffer } from '../pki/x509.js';
import { PdfStream, type PdfValue } from './pdf/objects.js';
import { decodeStream } from './pdf/filters.js';
import type { PdfFile } from './pdf/file.js';
import type { CmsRevocationData } from './cms.js';
import { english, said, type Said } from '../i18n/said.js';

/**
 * The seam for revocation checking. The verifier collects the validation data a PDF carries
 * (in each CMS and in the document security store, DSS) and calls `checkRevocation` once per
 * signature; src/pki does the OCSP/CRL work, offline from that data or online.
 */
export type EmbeddedValidationData = ValidationData;

export interface RevocationOptions {
  /** `offline`: embedded data only; `online`: also the certificates' OCSP responders and CRLs; `off`. */
  mode: RevocationMode;
  /** Per request, for `online` (default 10 s). */
  timeoutMs?: number;
  /** An unknown status fails the signature (exit 7), not only a revocation. */
  requireRevocation?: boolean;
}

export interface RevocationInput {
  /** Signer first, then each issuer as far as the chain could be built. */
  chain: X509Certificate[];
  /** Data from this signature's CMS (SignedData.crls, adbe-revocationInfoArchival). */
  cms: CmsRevocationData;
  /** Data from the document's DSS, shared by all signatures (its certificates help build the chain). */
  dss: EmbeddedValidationData;
  /** A valid timestamp's time: revocations after it do not count. */
  timestampedAt?: Date;
  /** The claimed signing time, when there is no valid timestamp. */
  claimedAt?: Date;
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown' | 'not-checked';

export interface RevocationResult {
  mode: RevocationMode;
  /** Worst over the chain (revoked > unknown > good); `not-checked` with `--revocation off`. */
  status: RevocationStatus;
  /** English, worded from `detailSaid`. */
  detail: string;
  detailSaid: Said;
  /** How much embedded data the signature had (CMS and DSS). */
  embedded: { crls: number; ocspResponses: number };
  /** One entry per certificate of the chain below the root. */
  certificates: CertRevocation[];
}

export function notChecked(mode: RevocationMode, detail: Said, embedded = { crls: 0, ocspResponses: 0 }): RevocationResult {
  return { mode, status: 'not-checked', detail: english(detail), detailSaid: detail, embedded, certificates: [] };
}

export async function checkRevocation(input: RevocationInput, opts: RevocationOptions): Promise<RevocationResult> {
  const data: ValidationData = { certs: input.dss.certs, crls: [...input.cms.crls, ...input.dss.crls], ocsps: [...input.cms.ocspResponses, ...input.dss.ocsps] };
  const embedded = { crls: data.crls.length, ocspResponses: data.ocsps.length };
  const signer = input.chain[0];
  if (opts.mode === 'off' || !signer) return notChecked(opts.mode, said(signer ? 'revocation.off' : 'revocation.noSigner'), embedded);
  const pool = [...input.chain.map((c) => parseCert(c.raw)), ...parseCerts(data.certs)];
  const { report } = await checkChainRevocation(
    { signer: pool[0]!, pool, embedded: data, timestampedAt: input.timestampedAt, signedAt: input.timestampedAt ?? input.claimedAt },
    { mode: opts.mode, timeoutMs: opts.timeoutMs },
  );
  const n = report.certificates.filter((c) => c.status === 'unknown').length;
  const detail =
    report.status === 'good'
      ? said('revocation.noneRevoked')
      : report.status === 'revoked'
        ? said('revocation.oneRevoked')
        : said(opts.mode === 'offline' ? 'revocation.unknownCountEmbedded' : 'revocation.unknownCount', { n });
  return { mode: opts.mode, status: report.status, detail: english(detail), detailSaid: detail, embedded, certificates: report.certificates };
}

/** Why the revocation result fails the signature (exit 7); empty when it does not. */
export function revocationProblems(r: RevocationResult, requireRevocation = false): Said[] {
  const out: Said[] = [];
  for (const c of r.certificates) {
    const revokedAt = c.revokedAt ?? '?';
    if (c.status === 'revoked' && !c.revokedAfterSigning)
      out.push(c.reason ? said('revocation.certRevokedReason', { subject: c.subject, revokedAt, reason: c.reason }) : said('revocation.certRevoked', { subject: c.subject, revokedAt }));
    else if (c.status === 'unknown' && requireRevocation)
      out.push(said('revocation.certUnknown', { subject: c.subject, notes: c.notesSaid.length ? c.notesSaid : said('revocation.noData') }));
  }
  return out;
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
  return { certs: streams(dss?.get('Certs')), crls: streams(dss?.get('CRLs')), ocsps: streams(dss?.get('OCSPs')).map(ocspResponseOf) };
}

const OID_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';

/**
 * DSS /OCSPs hold full OCSPResponses (ISO 32000-2); some writers stored only a
 * BasicOCSPResponse. Wrap those so that every consumer sees an OCSPResponse.
 */
function ocspResponseOf(b: Buffer): Buffer {
  try {
    const parsed = asn1js.fromBER(toArrayBuffer(derElement(b))).result;
    const first = (parsed as asn1js.Sequence).valueBlock.value[0];
    if (!(first instanceof asn1js.Enumerated) && first instanceof asn1js.Sequence) {
      const wrapped = new pkijs.OCSPResponse({
        responseStatus: new asn1js.Enumerated({ value: 0 }),
        responseBytes: new pkijs.ResponseBytes({ responseType: OID_OCSP_BASIC, response: new asn1js.OctetString({ valueHex: toArrayBuffer(b) }) }),
      });
      return Buffer.from(wrapped.toSchema().toBER(false));
    }
  } catch {
    /* left as is; evaluation reports it unreadable */
  }
  return b;
}
