import type { X509Certificate } from 'node:crypto';
import { ExitCode } from '../errors.js';
import type { Change } from './changes.js';
import { describeCert, type CertSummary } from './certs.js';
import { notChecked, type RevocationResult } from './revocation.js';
import type { TrustResult } from './trust.js';
import { english, said, type Said } from '../i18n/said.js';

/** One change after a signed revision, with its verdict (for `--json`). */
export interface Modification {
  verdict: 'permitted' | 'not-permitted';
  kind?: Change['kind'];
  /** English, worded from `detailSaid`. */
  detail: string;
  detailSaid: Said;
}

export interface SignatureReport {
  field: string;
  kind: 'signature' | 'document-timestamp';
  subFilter: string;
  subject?: string;
  issuer?: string;
  serial?: string;
  certValidFrom?: string;
  certValidTo?: string;
  /** The time the signer claims (signingTime attribute or /M), ISO 8601. */
  signingTime?: string;
  timestamp?: { time: string; valid: boolean; tsa?: string };
  algorithm: string;
  digestAlgorithm: string;
  cmsValid: boolean;
  digestMatch: boolean;
  byteRange: number[];
  byteRangeValid: boolean;
  coversWholeFile: boolean;
  /** `whole-file`, or `revision` when later revisions follow (see `modifications`). */
  coverage: 'whole-file' | 'revision' | 'none';
  /** A certification signature's DocMDP permission level (1 no changes, 2 forms and signing, 3 also annotations). */
  certification?: { permissions: 1 | 2 | 3 };
  /** The signer's certificate was valid at the (timestamped, else claimed) signing time. */
  certValidAtSigning?: boolean;
  /** Signer first, then its issuers as found in the CMS (and the trust folder). */
  chain: CertSummary[];
  changesAfter: Change[];
  /** English, worded from `permittedAfterSaid` (one to one). */
  permittedAfter: string[];
  permittedAfterSaid: Said[];
  /** Everything that changed after this signature, permitted or not. */
  modifications: Modification[];
  trust?: TrustResult;
  revocation: RevocationResult;
  intact: boolean;
  /** English, worded from `problemsSaid` (one to one) when the report is finished. */
  problems: string[];
  problemsSaid: Said[];
}

/**
 * `valid` 0; `rejected` 2 (not a PDF); `untrusted` 7 (certificate not valid at signing time,
 * chain not trusted, a certificate revoked, or its status unknown under --require-revocation); `not-signed` 8; `invalid` 4 (a signature is broken or the document changed
 * in a way its signatures do not permit).
 */
export type Verdict = 'valid' | 'rejected' | 'untrusted' | 'not-signed' | 'invalid';

export interface VerifyReport {
  verdict: Verdict;
  exitCode: ExitCode;
  encrypted: boolean;
  signatures: SignatureReport[];
  emptySignatureFields: string[];
  /** English, worded from `problemsSaid` (one to one) when the report is finished. */
  problems: string[];
  problemsSaid: Said[];
}

const RANK: Record<Verdict, number> = { valid: 0, rejected: 1, untrusted: 2, 'not-signed': 3, invalid: 4 };

export function worstVerdict(vs: Verdict[]): Verdict {
  return vs.reduce<Verdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'valid');
}

const EXIT: Record<Verdict, ExitCode> = {
  valid: ExitCode.Ok,
  rejected: ExitCode.Rejected,
  untrusted: ExitCode.Untrusted,
  'not-signed': ExitCode.NotSigned,
  invalid: ExitCode.OutputCheck,
};

export function exitCodeFor(v: Verdict): ExitCode {
  return EXIT[v];
}

export function blankReport(field: string, kind: SignatureReport['kind'], sub: string, problems: Said[] = []): SignatureReport {
  return {
    field,
    kind,
    subFilter: sub,
    algorithm: 'unknown',
    digestAlgorithm: 'unknown',
    cmsValid: false,
    digestMatch: false,
    byteRange: [],
    byteRangeValid: false,
    coversWholeFile: false,
    coverage: 'none',
    chain: [],
    changesAfter: [],
    permittedAfter: [],
    permittedAfterSaid: [],
    modifications: [],
    revocation: notChecked('off', said('verifyProblem.unreadSignature')),
    intact: false,
    problems: [],
    problemsSaid: problems,
  };
}

export function describeSigner(r: SignatureReport, signer: X509Certificate | undefined): void {
  if (!signer) return;
  const d = describeCert(signer);
  r.subject = d.subject;
  r.issuer = d.issuer;
  r.serial = d.serial;
  r.certValidFrom = d.validFrom;
  r.certValidTo = d.validTo;
}

/** Words every problem of the report in English from its catalogue text: `problems[i]` is `english(problemsSaid[i])`. */
export function wordProblems(report: VerifyReport): void {
  report.problems = report.problemsSaid.map(english);
  for (const s of report.signatures) s.problems = s.problemsSaid.map(english);
}

/** Why a signature is not intact, for refusals that quote it: its problems and changes, or "not intact". */
export function brokenBecause(s: SignatureReport): Said[] {
  const why = [...s.problemsSaid, ...s.changesAfter.map((c) => c.detailSaid)];
  return why.length ? why : [said('verifyProblem.notIntact')];
}
