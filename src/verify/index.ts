import crypto, { type X509Certificate } from 'node:crypto';
import { PdfFile } from './pdf/file.js';
import { verifyCms, checkTimestampToken, type CmsResult } from './cms.js';
import { describeCert, toX509 } from './certs.js';
import { analyzeChanges, change, type ChangeReport } from './changes.js';
import { blankReport, describeSigner, exitCodeFor, wordProblems, type SignatureReport, type Verdict, type VerifyReport } from './report.js';
import { checkRevocation, notChecked, readDss, revocationProblems, type EmbeddedValidationData, type RevocationOptions } from './revocation.js';
import { checkByteRange, contentsBytes, findSignatures, pdfDate, signedBytes, subFilter, type FoundSignature } from './signatures.js';
import { buildChain, checkTrust } from './trust.js';
import { english, said, saidOrMessage, type Said } from '../i18n/said.js';

export { loadTrustDir } from './trust.js';
export type { Change } from './changes.js';
export { brokenBecause, exitCodeFor, worstVerdict, type Modification, type SignatureReport, type Verdict, type VerifyReport } from './report.js';
export { checkRevocation, type EmbeddedValidationData, type RevocationInput, type RevocationOptions, type RevocationResult, type RevocationStatus } from './revocation.js';
export type { CmsRevocationData } from './cms.js';

export interface VerifyOptions {
  /** CA certificates to trust; when given, an untrusted chain makes the verdict `untrusted`. */
  trustAnchors?: X509Certificate[];
  /** Revocation checking (`offline`: embedded data only; `online`: also fetch). Absent: not checked. */
  revocation?: RevocationOptions;
}

/** Checks every signature of a PDF: CMS, ByteRange, certificate validity, and what changed after it. */
export async function verifyPdf(bytes: Uint8Array, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const report: VerifyReport = { verdict: 'not-signed', exitCode: exitCodeFor('not-signed'), encrypted: false, signatures: [], emptySignatureFields: [], problems: [], problemsSaid: [] };
  if (buf.subarray(0, 1024).indexOf('%PDF-') < 0) {
    report.problemsSaid.push(said('verifyProblem.notPdf', { what: describeNonPdf(buf) }));
    return finish(report, 'rejected');
  }
  let file: PdfFile;
  let found: ReturnType<typeof findSignatures>;
  try {
    file = PdfFile.open(buf);
    found = findSignatures(file);
  } catch (e) {
    report.problemsSaid.push(said('verifyProblem.unreadablePdf', { detail: saidOrMessage(e) }));
    return finish(report, 'invalid');
  }
  report.encrypted = file.encrypted;
  if (file.encrypted) report.problemsSaid.push(said('verifyProblem.encrypted'));
  if (file.repaired) report.problemsSaid.push(said('verifyProblem.repaired'));
  report.emptySignatureFields = found.empty;
  const dss = readDss(file);
  const ctx: Context = {
    buf,
    file,
    opts,
    trimmedLength: buf.length - (/[\s\0]*$/.exec(buf.subarray(Math.max(0, buf.length - 64)).toString('latin1'))?.[0].length ?? 0),
    changeCache: new Map(),
    docMdp: found.signed.map((s) => docMdpLevel(file, s)).find((p) => p !== undefined),
    dss,
    dssCerts: dss.certs.map(toX509).filter((c): c is X509Certificate => c !== undefined),
  };
  for (const sig of found.signed) {
    try {
      report.signatures.push(await checkSignature(ctx, sig));
    } catch (e) {
      // A malformed signature must not stop the others from being checked; it is not intact.
      report.signatures.push(blankReport(sig.field, 'signature', subFilter(sig), [said('verifyProblem.uncheckable', { detail: saidOrMessage(e) })]));
    }
  }
  report.signatures.sort((a, b) => (a.byteRange[2] ?? 0) + (a.byteRange[3] ?? 0) - ((b.byteRange[2] ?? 0) + (b.byteRange[3] ?? 0)));
  if (report.signatures.length === 0) {
    if (found.empty.length) report.problemsSaid.push(said('verifyProblem.emptyFields', { fields: found.empty.join(', ') }));
    return finish(report, 'not-signed');
  }
  if (report.signatures.some((s) => !s.intact || s.changesAfter.length > 0)) return finish(report, 'invalid');
  const sigs = report.signatures.filter((s) => s.kind === 'signature');
  if (sigs.some((s) => s.certValidAtSigning === false)) return finish(report, 'untrusted');
  if (opts.trustAnchors && sigs.some((s) => !s.trust?.trusted)) return finish(report, 'untrusted');
  if (sigs.some((s) => revocationProblems(s.revocation, opts.revocation?.requireRevocation).length)) return finish(report, 'untrusted');
  return finish(report, 'valid');
}

interface Context {
  buf: Buffer;
  file: PdfFile;
  opts: VerifyOptions;
  trimmedLength: number;
  changeCache: Map<number, ChangeReport>;
  docMdp?: number;
  dss: EmbeddedValidationData;
  /** The DSS's certificates: issuers a long-term file may carry only there. */
  dssCerts: X509Certificate[];
}

async function checkSignature(ctx: Context, sig: FoundSignature): Promise<SignatureReport> {
  const { buf, file } = ctx;
  const sub = subFilter(sig);
  const kind = sub === 'ETSI.RFC3161' || sig.dict.nameOf('Type') === 'DocTimeStamp' ? 'document-timestamp' : 'signature';
  const br = checkByteRange(sig, buf.length);
  const r = blankReport(sig.field, kind, sub, [...br.problems]);
  r.byteRange = br.byteRange;
  r.byteRangeValid = br.wellFormed;
  const level = docMdpLevel(file, sig);
  if (level !== undefined) r.certification = { permissions: level };
  const der = contentsBytes(sig);
  if (sig.zeroed) {
    r.problemsSaid.push(said('verifyProblem.zeroed'));
    return r;
  }
  if (!der || br.byteRange.length !== 4 || br.byteRange.some((x) => !Number.isInteger(x) || x < 0)) {
    r.problemsSaid.push(said('verifyProblem.noContents'));
    return r;
  }
  const ranges = signedBytes(buf, br.byteRange);
  let cms: CmsResult;
  if (kind === 'document-timestamp') {
    const ts = checkTimestampToken(der, ranges);
    r.cmsValid = ts.valid;
    r.digestMatch = ts.imprintMatch;
    r.timestamp = { time: ts.genTime.toISOString(), valid: ts.valid, tsa: ts.tsa };
    r.problemsSaid.push(...ts.errors);
    cms = verifyCms(der);
  } else {
    const sha1Mode = sub === 'adbe.pkcs7.sha1';
    cms = verifyCms(der, sha1Mode ? undefined : ranges);
    r.cmsValid = cms.signatureValid;
    r.digestMatch = cms.digestMatch;
    if (sha1Mode) {
      const d = crypto.createHash('sha1').update(ranges[0]!).update(ranges[1]!).digest();
      r.digestMatch = cms.digestMatch && cms.eContent !== undefined && cms.eContent.equals(d);
    }
    r.problemsSaid.push(...cms.errors);
    checkSigningTime(r, cms, file.encrypted ? undefined : pdfDate(sig.dict.get('M')));
  }
  r.algorithm = cms.algorithm;
  r.digestAlgorithm = cms.digestAlgorithm;
  describeSigner(r, cms.signer);
  if (cms.signer) {
    const chain = buildChain(cms.signer, [...cms.certificates, ...ctx.dssCerts, ...(ctx.opts.trustAnchors ?? [])]);
    r.chain = chain.map(describeCert);
    if (kind === 'signature' && ctx.opts.trustAnchors) r.trust = checkTrust(cms.signer, [...cms.certificates, ...ctx.dssCerts], ctx.opts.trustAnchors);
    r.revocation = await revocationOf(ctx, r, chain, cms);
  }
  coverage(ctx, r, level);
  r.intact = r.cmsValid && r.digestMatch && r.byteRangeValid;
  return r;
}

/** The chain's revocation status; document timestamps are left to archive renewal (their TSA is checked by `sign --extend`). */
async function revocationOf(ctx: Context, r: SignatureReport, chain: X509Certificate[], cms: CmsResult): Promise<SignatureReport['revocation']> {
  const mode = ctx.opts.revocation?.mode ?? 'off';
  if (r.kind === 'document-timestamp' && mode !== 'off') return notChecked(mode, said('revocation.docTimestamp'));
  const res = await checkRevocation(
    {
      chain,
      cms: cms.revocation,
      dss: ctx.dss,
      timestampedAt: r.timestamp?.valid ? new Date(r.timestamp.time) : undefined,
      claimedAt: r.signingTime ? new Date(r.signingTime) : undefined,
    },
    ctx.opts.revocation ?? { mode: 'off' },
  );
  r.problemsSaid.push(...revocationProblems(res, ctx.opts.revocation?.requireRevocation));
  return res;
}

/** The signer's certificate must be valid at the signing time: the timestamp's, else the claimed one. */
function checkSigningTime(r: SignatureReport, cms: CmsResult, mDate: Date | undefined): void {
  const claimed = cms.signingTime ?? mDate;
  if (claimed) r.signingTime = claimed.toISOString();
  if (cms.timestamp) {
    r.timestamp = { time: cms.timestamp.genTime.toISOString(), valid: cms.timestamp.valid && cms.timestamp.imprintMatch, tsa: cms.timestamp.tsa };
    if (!r.timestamp.valid) r.problemsSaid.push(...cms.timestamp.errors.map((text) => said('verifyProblem.timestamp', { text })));
  }
  const at = cms.timestamp?.valid && cms.timestamp.imprintMatch ? cms.timestamp.genTime : claimed;
  if (!cms.signer || !at) return;
  const from = new Date(cms.signer.validFrom);
  const to = new Date(cms.signer.validTo);
  r.certValidAtSigning = at >= from && at <= to;
  if (at > to) r.problemsSaid.push(said('verifyProblem.certExpired', { at: at.toISOString(), untilAt: to.toISOString() }));
  if (at < from) r.problemsSaid.push(said('verifyProblem.certNotYet', { at: at.toISOString(), fromAt: from.toISOString() }));
}

/** What the signature covers, and the verdict on every change made after it. */
function coverage(ctx: Context, r: SignatureReport, level: number | undefined): void {
  const end = r.byteRange[2]! + r.byteRange[3]!;
  r.coversWholeFile = end >= ctx.trimmedLength;
  r.coverage = r.coversWholeFile ? 'whole-file' : 'revision';
  if (r.coversWholeFile || end > ctx.buf.length) return;
  let ch = ctx.changeCache.get(end);
  if (!ch) {
    try {
      ch = analyzeChanges(ctx.buf, end, { docMdp: ctx.docMdp });
    } catch (e) {
      ch = { changes: [change('unparsed-bytes', said('verifyChange.unparsed', { detail: saidOrMessage(e) }))], permitted: [] };
    }
    ctx.changeCache.set(end, ch);
  }
  r.changesAfter = ch.changes;
  r.permittedAfter = ch.permitted.map(english);
  r.permittedAfterSaid = ch.permitted;
  // A certification with P=1 still allows DSS data and document timestamps, not signatures.
  const p1 = level === 1 || (ctx.docMdp === 1 && r.kind === 'signature');
  if (p1 && ch.permitted.some((p) => SIGNING_ADDITIONS.has(p.key)))
    r.changesAfter = [...ch.changes, change('form-changed', said('verifyChange.lockedP1'))];
  r.modifications = [
    ...ch.permitted.map((s) => ({ verdict: 'permitted' as const, detail: english(s), detailSaid: s })),
    ...r.changesAfter.map((c) => ({ verdict: 'not-permitted' as const, kind: c.kind, detail: c.detail, detailSaid: c.detailSaid })),
  ];
}

/** Permitted additions that sign the document, which a P=1 certification forbids all the same. */
const SIGNING_ADDITIONS = new Set<string>(['verifyChange.signatureAdded', 'verifyChange.emptyFieldSigned', 'verifyChange.signedFieldAdded', 'verifyChange.invisibleFieldAdded']);

/** The DocMDP permission level (1–3) of a certification signature, if it is one. */
function docMdpLevel(file: PdfFile, sig: FoundSignature): 1 | 2 | 3 | undefined {
  const refs = file.resolve(sig.dict.get('Reference'));
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    const d = file.dict(r);
    if (d?.nameOf('TransformMethod') !== 'DocMDP') continue;
    const p = file.dict(d.get('TransformParams'))?.get('P');
    return p === 1 || p === 3 ? p : 2;
  }
  return undefined;
}

function describeNonPdf(buf: Buffer): Said {
  if (buf.length === 0) return said('verifyProblem.nonPdf.empty');
  const magic = [['\x89PNG', 'png'], ['\xff\xd8\xff', 'jpeg'], ['II*\0', 'tiff'], ['MM\0*', 'tiff'], ['PK\x03\x04', 'zip']] as const;
  const head = buf.subarray(0, 8).toString('latin1');
  return said(`verifyProblem.nonPdf.${magic.find(([m]) => head.startsWith(m))?.[1] ?? 'other'}`);
}

function finish(report: VerifyReport, v: Verdict): VerifyReport {
  wordProblems(report);
  report.verdict = v;
  report.exitCode = exitCodeFor(v);
  return report;
}
