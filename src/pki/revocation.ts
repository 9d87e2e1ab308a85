import { evaluateCrl, fetchCrl } from './crl.js';
import { DEFAULT_REVOCATION_TIMEOUT_MS } from './fetch.js';
import { evaluateOcsp, fetchOcsp } from './ocsp.js';
import { emptyValidationData, type EvaluationResult, type RevocationEvidence, type RevocationMode, type RevocationStatus, type ValidationData } from './types.js';
import { english, said, saidOrMessage, type Said } from '../i18n/said.js';
import { certName, crlUrls, isSelfSigned, issuedBy, ocspUrls, serialHex, tryParseCert, type Cert } from './x509.js';

export interface RevocationOptions {
  mode: RevocationMode;
  /** Per request, for `online` (default 10 s). */
  timeoutMs?: number;
  /** Fetch even when embedded data already answers (when gathering data for a DSS). */
  fetchAlways?: boolean;
}

/** One certificate of the chain and what is known about its revocation. */
export interface CertRevocation {
  subject: string;
  serial: string;
  status: RevocationStatus;
  source?: 'ocsp' | 'crl';
  origin?: 'embedded' | 'online';
  thisUpdate?: string;
  nextUpdate?: string;
  revokedAt?: string;
  reason?: string;
  signedBy?: string;
  /** Revoked, but only after the timestamped signing time: the signature stays valid. */
  revokedAfterSigning?: boolean;
  /** English, worded from `notesSaid` (one to one). */
  notes: string[];
  notesSaid: Said[];
}

function addNote(c: CertRevocation, s: Said): void {
  c.notes.push(english(s));
  c.notesSaid.push(s);
}

export interface RevocationReport {
  mode: RevocationMode;
  /** Worst over the chain: revoked > unknown > good. */
  status: RevocationStatus;
  certificates: CertRevocation[];
}

export interface ChainInput {
  signer: Cert;
  /** Certificates to build the chain from (CMS, DSS, trust anchors). */
  pool: Cert[];
  /** CRLs and OCSP responses already at hand (CMS, DSS). */
  embedded: ValidationData;
  /** A time the signature provably existed (a valid timestamp); revocations after it do not count. */
  timestampedAt?: Date;
  /** The time good-status data must not predate when it has expired (timestamp, else claimed time). */
  signedAt?: Date;
}

/** Clocks of responders and CAs drift; tolerate this much "from the future". */
const SKEW_MS = 5 * 60_000;
const RANK: Record<RevocationStatus, number> = { good: 0, unknown: 1, revoked: 2 };

/**
 * Walks the chain from the signer up to a self-signed certificate and finds each certificate's
 * revocation status from the embedded data and, `online`, from its OCSP responder and CRL
 * distribution points. Returns the report and the raw data that answered (for a DSS).
 */
export async function checkChainRevocation(input: ChainInput, opts: RevocationOptions, now = new Date()): Promise<{ report: RevocationReport; collected: ValidationData }> {
  const collected = emptyValidationData();
  const report: RevocationReport = { mode: opts.mode, status: 'good', certificates: [] };
  let cur = input.signer;
  const seen = new Set<string>();
  for (let depth = 0; depth < 16 && !isSelfSigned(cur) && !seen.has(cur.x509.fingerprint256); depth++) {
    seen.add(cur.x509.fingerprint256);
    const issuer = input.pool.find((c) => c.x509.fingerprint256 !== cur.x509.fingerprint256 && issuedBy(cur, c));
    if (!issuer) {
      const c: CertRevocation = { subject: certName(cur), serial: serialHex(cur), status: 'unknown', notes: [], notesSaid: [] };
      addNote(c, said('revocation.noIssuer'));
      report.certificates.push(c);
      break;
    }
    collected.certs.push(issuer.der);
    report.certificates.push(await checkOne(cur, issuer, input, opts, now, collected));
    cur = issuer;
  }
  report.status = report.certificates.reduce<RevocationStatus>((w, c) => {
    const s = c.revokedAfterSigning ? 'good' : c.status;
    return RANK[s] > RANK[w] ? s : w;
  }, 'good');
  return { report, collected };
}

async function checkOne(cert: Cert, issuer: Cert, input: ChainInput, opts: RevocationOptions, now: Date, collected: ValidationData): Promise<CertRevocation> {
  const out: CertRevocation = { subject: certName(cert), serial: serialHex(cert), status: 'unknown', notes: [], notesSaid: [] };
  const note = (s: Said) => addNote(out, s);
  const from = (origin: 'embedded' | 'online', text: Said) => said(origin === 'embedded' ? 'revocation.embedded' : 'revocation.online', { text });
  const found: Array<{ ev: RevocationEvidence; origin: 'embedded' | 'online'; der: Buffer }> = [];
  const consider = (r: EvaluationResult, origin: 'embedded' | 'online', der: Buffer) => {
    if (r.problem) note(from(origin, r.problem));
    if (!r.evidence) return;
    const stale = staleness(r.evidence, input.signedAt, now);
    if (stale) note(from(origin, said('revocation.ignored', { source: r.evidence.source.toUpperCase(), why: stale })));
    else found.push({ ev: r.evidence, origin, der });
  };
  if (opts.mode === 'off') {
    note(said('revocation.off'));
    return out;
  }
  for (const der of input.embedded.ocsps) consider(evaluateOcsp(der, cert, issuer), 'embedded', der);
  for (const der of input.embedded.crls) consider(evaluateCrl(der, cert, issuer), 'embedded', der);
  const decided = () => found.some((f) => f.ev.status !== 'unknown');
  if (opts.mode === 'online' && (opts.fetchAlways || !decided())) {
    const fo = { timeoutMs: opts.timeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS };
    const before = found.length;
    for (const url of ocspUrls(cert)) {
      try {
        const der = await fetchOcsp(url, cert, issuer, fo);
        consider(evaluateOcsp(der, cert, issuer), 'online', der);
      } catch (e) {
        note(said('revocation.ocspFailed', { text: saidOrMessage(e) }));
      }
      if (found.slice(before).some((f) => f.ev.status !== 'unknown')) break;
    }
    // CRLs only when no responder answered (they are larger, and one answer is enough), except
    // when gathering for a DSS: validators differ in which kind they accept, so keep both.
    if (opts.fetchAlways || !found.slice(before).some((f) => f.ev.status !== 'unknown'))
      for (const url of crlUrls(cert)) {
        try {
          const der = await fetchCrl(url, fo);
          consider(evaluateCrl(der, cert, issuer), 'online', der);
        } catch (e) {
          note(said('revocation.crlFailed', { text: saidOrMessage(e) }));
        }
        if (!opts.fetchAlways && found.slice(before).some((f) => f.ev.status !== 'unknown')) break;
      }
    if (!ocspUrls(cert).length && !crlUrls(cert).length) note(said('revocation.noUrls'));
  }
  const pick =
    found.filter((f) => f.ev.status === 'revoked').sort((a, b) => (a.ev.revokedAt?.getTime() ?? 0) - (b.ev.revokedAt?.getTime() ?? 0))[0] ??
    found.find((f) => f.ev.status === 'good') ??
    found[0];
  if (!pick) {
    if (!out.notes.length) note(said(opts.mode === 'offline' ? 'revocation.noEmbeddedData' : 'revocation.noDataFound'));
    return out;
  }
  for (const f of found) (f.ev.source === 'ocsp' ? collected.ocsps : collected.crls).push(f.der);
  const ev = pick.ev;
  Object.assign(out, {
    status: ev.status,
    source: ev.source,
    origin: pick.origin,
    thisUpdate: ev.thisUpdate.toISOString(),
    nextUpdate: ev.nextUpdate?.toISOString(),
    revokedAt: ev.revokedAt?.toISOString(),
    reason: ev.reason,
    signedBy: ev.signedBy,
  });
  if (ev.status === 'revoked' && ev.revokedAt && input.timestampedAt && ev.revokedAt > input.timestampedAt) {
    out.revokedAfterSigning = true;
    note(said('revocation.revokedAfter', { at: ev.revokedAt.toISOString(), signedAt: input.timestampedAt.toISOString() }));
  }
  return out;
}

/** Why evidence cannot be used, or undefined. A revocation never goes stale. */
function staleness(ev: RevocationEvidence, signedAt: Date | undefined, now: Date): Said | undefined {
  if (ev.thisUpdate.getTime() > now.getTime() + SKEW_MS) return said('revocation.future', { at: ev.thisUpdate.toISOString() });
  if (ev.status === 'revoked') return undefined;
  if (!ev.nextUpdate || ev.nextUpdate >= now) return undefined;
  // Expired data still counts if it was current at the signing time (issued after it, or valid
  // until after it): that is the proof long-term validation keeps.
  if (signedAt && ev.nextUpdate.getTime() + SKEW_MS >= signedAt.getTime()) return undefined;
  const at = ev.nextUpdate.toISOString();
  return signedAt ? said('revocation.expired', { at, signedAt: signedAt.toISOString() }) : said('revocation.expiredNoTime', { at });
}

export function parseCerts(ders: Buffer[]): Cert[] {
  return ders.map((d) => tryParseCert(d)).filter((c): c is Cert => c !== undefined);
}
