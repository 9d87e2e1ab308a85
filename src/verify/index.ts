import crypto, { type X509Certificate } from 'node:crypto';
import { ExitCode } from '../errors.js';
import { PdfFile } from './pdf/file.js';
import { verifyCms, checkTimestampToken } from './cms.js';
import { describeCert } from './certs.js';
import { analyzeChanges, type Change } from './changes.js';
import { checkByteRange, contentsBytes, findSignatures, pdfDate, signedBytes, subFilter, type FoundSignature } from './signatures.js';
import { checkTrust, type TrustResult } from './trust.js';

export { loadTrustDir } from './trust.js';
export type { Change } from './changes.js';

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
  /** The signer's certificate was valid at the (timestamped, else claimed) signing time. */
  certValidAtSigning?: boolean;
  changesAfter: Change[];
  permittedAfter: string[];
  trust?: TrustResult;
  intact: boolean;
  problems: string[];
}

export type Verdict = 'valid' | 'invalid' | 'untrusted' | 'not-signed';

export interface VerifyReport {
  verdict: Verdict;
  exitCode: ExitCode;
  encrypted: boolean;
  signatures: SignatureReport[];
  emptySignatureFields: string[];
  problems: string[];
}

export interface VerifyOptions {
  /** CA certificates to trust; when given, an untrusted chain makes the verdict `untrusted`. */
  trustAnchors?: X509Certificate[];
}

const RANK: Record<Verdict, number> = { valid: 0, untrusted: 1, 'not-signed': 2, invalid: 3 };

export function worstVerdict(vs: Verdict[]): Verdict {
  return vs.reduce<Verdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'valid');
}

export function exitCodeFor(v: Verdict): ExitCode {
  return v === 'valid' ? ExitCode.Ok : v === 'untrusted' ? ExitCode.Untrusted : v === 'not-signed' ? ExitCode.NotSigned : ExitCode.OutputCheck;
}

/** Checks every signature of a PDF: CMS, ByteRange, and what changed after it was signed. */
export async function verifyPdf(bytes: Uint8Array, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const report: VerifyReport = { verdict: 'not-signed', exitCode: ExitCode.NotSigned, encrypted: false, signatures: [], emptySignatureFields: [], problems: [] };
  if (buf.subarray(0, 1024).indexOf('%PDF-') < 0) {
    report.problems.push('not a PDF (no %PDF- header)');
    return finish(report, 'invalid');
  }
  let file: PdfFile;
  let found: ReturnType<typeof findSignatures>;
  try {
    file = PdfFile.open(buf);
    found = findSignatures(file);
  } catch (e) {
    report.problems.push(`the PDF structure is not readable: ${(e as Error).message}`);
    return finish(report, 'invalid');
  }
  report.encrypted = file.encrypted;
  if (file.encrypted) report.problems.push('document encrypted (signatures checked without decrypting)');
  if (file.repaired) report.problems.push('the cross-reference table is damaged; objects were found by scanning');
  report.emptySignatureFields = found.empty;
  const trimmedLength = buf.length - (/[\s\0]*$/.exec(buf.subarray(Math.max(0, buf.length - 64)).toString('latin1'))?.[0].length ?? 0);
  const changeCache = new Map<number, ReturnType<typeof analyzeChanges>>();

  for (const sig of found.signed) {
    try {
      checkSignature(sig);
    } catch (e) {
      // A malformed signature must not stop the others from being checked; it is not intact.
      report.signatures.push(emptyReport(sig.field, subFilter(sig), [`the signature could not be checked: ${(e as Error).message}`]));
    }
  }

  function checkSignature(sig: FoundSignature): void {
    const sub = subFilter(sig);
    const br = checkByteRange(sig, buf.length);
    const r: SignatureReport = {
      field: sig.field,
      kind: sub === 'ETSI.RFC3161' || sig.dict.nameOf('Type') === 'DocTimeStamp' ? 'document-timestamp' : 'signature',
      subFilter: sub,
      algorithm: 'unknown',
      digestAlgorithm: 'unknown',
      cmsValid: false,
      digestMatch: false,
      byteRange: br.byteRange,
      byteRangeValid: br.wellFormed,
      coversWholeFile: false,
      changesAfter: [],
      permittedAfter: [],
      intact: false,
      problems: [...br.problems],
    };
    report.signatures.push(r);
    const der = contentsBytes(sig);
    if (!der || br.byteRange.length !== 4 || br.byteRange.some((x) => !Number.isInteger(x) || x < 0)) {
      r.problems.push('the signature has no usable /Contents or /ByteRange');
      return;
    }
    const ranges = signedBytes(buf, br.byteRange);
    const end = br.byteRange[2]! + br.byteRange[3]!;
    if (r.kind === 'document-timestamp') {
      const ts = checkTimestampToken(der, ranges);
      r.cmsValid = ts.valid;
      r.digestMatch = ts.imprintMatch;
      r.timestamp = { time: ts.genTime.toISOString(), valid: ts.valid, tsa: ts.tsa };
      r.problems.push(...ts.errors);
      const tokenCms = verifyCms(der);
      describeSigner(r, tokenCms.signer);
      r.algorithm = tokenCms.algorithm;
      r.digestAlgorithm = tokenCms.digestAlgorithm;
    } else {
      const sha1Mode = sub === 'adbe.pkcs7.sha1';
      const cms = verifyCms(der, sha1Mode ? undefined : ranges);
      r.cmsValid = cms.signatureValid;
      r.digestMatch = cms.digestMatch;
      if (sha1Mode) {
        const d = crypto.createHash('sha1').update(ranges[0]!).update(ranges[1]!).digest();
        r.digestMatch = cms.digestMatch && cms.eContent !== undefined && cms.eContent.equals(d);
      }
      r.algorithm = cms.algorithm;
      r.digestAlgorithm = cms.digestAlgorithm;
      r.problems.push(...cms.errors);
      describeSigner(r, cms.signer);
      const claimed = cms.signingTime ?? (file.encrypted ? undefined : pdfDate(sig.dict.get('M')));
      if (claimed) r.signingTime = claimed.toISOString();
      if (cms.timestamp) {
        r.timestamp = { time: cms.timestamp.genTime.toISOString(), valid: cms.timestamp.valid && cms.timestamp.imprintMatch, tsa: cms.timestamp.tsa };
        if (!r.timestamp.valid) r.problems.push(...cms.timestamp.errors.map((e) => `timestamp: ${e}`));
      }
      const at = cms.timestamp?.genTime ?? claimed;
      if (cms.signer && at) r.certValidAtSigning = at >= new Date(cms.signer.validFrom) && at <= new Date(cms.signer.validTo);
      if (r.certValidAtSigning === false) r.problems.push('the signer certificate was not valid at the signing time');
      if (cms.signer && opts.trustAnchors) r.trust = checkTrust(cms.signer, cms.certificates, opts.trustAnchors);
    }
    r.coversWholeFile = end >= trimmedLength;
    if (!r.coversWholeFile && end <= buf.length) {
      let ch = changeCache.get(end);
      if (!ch) {
        try {
          ch = analyzeChanges(buf, end);
        } catch (e) {
          ch = { changes: [{ kind: 'unparsed-bytes', detail: `the bytes after the signed revision could not be analysed: ${(e as Error).message}` }], permitted: [] };
        }
        changeCache.set(end, ch);
      }
      r.changesAfter = ch.changes;
      r.permittedAfter = ch.permitted;
      // A certification with P=1 still allows DSS data and document timestamps, not signatures.
      if (docMdpLevel(file, sig) === 1 && ch.permitted.some((p) => /^signature \d+ added$|^empty signature field/.test(p)))
        r.changesAfter = [...ch.changes, { kind: 'form-changed', detail: 'a signature was added although the certification signature allows no changes (DocMDP P=1)' }];
    }
    r.intact = r.cmsValid && r.digestMatch && r.byteRangeValid;
  }
  report.signatures.sort((a, b) => (a.byteRange[2] ?? 0) + (a.byteRange[3] ?? 0) - ((b.byteRange[2] ?? 0) + (b.byteRange[3] ?? 0)));
  if (report.signatures.length === 0) {
    if (found.empty.length) report.problems.push(`signature field(s) ${found.empty.join(', ')} are empty`);
    return finish(report, 'not-signed');
  }
  const broken = report.signatures.some((s) => !s.intact || s.changesAfter.length > 0);
  if (broken) return finish(report, 'invalid');
  if (opts.trustAnchors && report.signatures.some((s) => s.kind === 'signature' && !s.trust?.trusted)) return finish(report, 'untrusted');
  return finish(report, 'valid');
}

/** The DocMDP permission level (1–3) of a certification signature, if it is one. */
function docMdpLevel(file: PdfFile, sig: FoundSignature): number | undefined {
  const refs = file.resolve(sig.dict.get('Reference'));
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    const d = file.dict(r);
    if (d?.nameOf('TransformMethod') !== 'DocMDP') continue;
    const p = file.dict(d.get('TransformParams'))?.get('P');
    return typeof p === 'number' ? p : 2;
  }
  return undefined;
}

function emptyReport(field: string, sub: string, problems: string[]): SignatureReport {
  return {
    field,
    kind: 'signature',
    subFilter: sub,
    algorithm: 'unknown',
    digestAlgorithm: 'unknown',
    cmsValid: false,
    digestMatch: false,
    byteRange: [],
    byteRangeValid: false,
    coversWholeFile: false,
    changesAfter: [],
    permittedAfter: [],
    intact: false,
    problems,
  };
}

function describeSigner(r: SignatureReport, signer: X509Certificate | undefined): void {
  if (!signer) return;
  const d = describeCert(signer);
  r.subject = d.subject;
  r.issuer = d.issuer;
  r.serial = d.serial;
  r.certValidFrom = d.validFrom;
  r.certValidTo = d.validTo;
}

function finish(report: VerifyReport, v: Verdict): VerifyReport {
  report.verdict = v;
  report.exitCode = exitCodeFor(v);
  return report;
}
