import crypto from 'node:crypto';
import { OutputCheckError, SigningError, SohoaError } from '../../errors.js';
import type { Signer } from '../../ports/signer.js';
import { PdfFile } from '../../verify/pdf/file.js';
import { english, said } from '../../i18n/said.js';
import { selfCheck, signaturesBefore, type SignaturesBefore } from './self-check.js';
import type { AppearanceKind, CopyType } from './appearance.js';
import { assembleCms, cmsSizeEstimate, signedAttributes } from './cms-build.js';
import { writeIncrement } from './incremental.js';
import { TsaClient } from './tsa.js';
import { extendPdf } from './long-term.js';
import { checkLevel, type SignatureLevel } from './levels.js';

export { checkSigner, openSigner, type SignConfig } from './open-signer.js';
export { createDemoP12, type DemoP12 } from './demo.js';
export { TsaClient } from './tsa.js';
export { addDocTimestamp, extendPdf } from './long-term.js';
export { LEVELS, checkLevel, effectiveLevel, isLevel, type ExtendLevel, type SignatureLevel } from './levels.js';
export { COPY_TYPES, isoVietnam, type AppearanceKind, type CopyType } from './appearance.js';
export type { Signer, SignerCheckResult } from '../../ports/signer.js';

export interface SignOptions {
  /** `copy` (Decree 30 box, default), `none` (invisible) or `seal` (with the agency seal PNG). */
  appearance?: AppearanceKind;
  copyType?: CopyType;
  agency?: string;
  seal?: string;
  /** RFC 3161 TSA (URL or client) for PAdES B-T. */
  tsa?: string | TsaClient;
  reason?: string;
  location?: string;
  signingTime?: Date;
  allowExpired?: boolean;
  /** PAdES level (default B-T with a TSA, else B-B); B-LT and B-LTA add a DSS (and a document timestamp). */
  level?: SignatureLevel;
  revocationTimeoutMs?: number;
}

const tsaClients = new Map<string, TsaClient>();

/** One client per URL, so the token size is measured once per process, not once per PDF. */
export function tsaClientFor(url: string): TsaClient {
  let c = tsaClients.get(url);
  if (!c) tsaClients.set(url, (c = new TsaClient(url)));
  return c;
}

/** Room left for the timestamp beyond the measured token size (serial, nonce, time vary). */
const TSA_SLACK = 1024;

/**
 * Signs a PDF (PAdES B-B, or B-T with a TSA) as an incremental update, then checks the result
 * with sohoa's own verifier. Returns the signed bytes; throws SigningError (exit 6) or
 * OutputCheckError (exit 4), never writes files.
 */
export async function signPdf(input: Uint8Array, signer: Signer, opts: SignOptions = {}): Promise<Uint8Array> {
  const src = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.length);
  if (src.subarray(0, 1024).indexOf('%PDF-') < 0) throw new SigningError('Expected a PDF to sign, but the input has no %PDF- header', { key: 'sign.notPdf' });
  const file = PdfFile.open(src);
  if (file.encrypted) throw new SigningError('The input PDF is encrypted; sohoa does not sign encrypted documents', { hint: 'Decrypt it first (qpdf --decrypt).', key: 'sign.encrypted', hintKey: 'sign.decryptHint' });
  const signingTime = opts.signingTime ?? new Date();
  await signer.check({ allowExpired: opts.allowExpired, at: signingTime });
  const kind = opts.appearance ?? 'copy';
  if (kind !== 'none' && !opts.agency?.trim())
    throw new SigningError('The visible signature needs the copying agency\'s name', { hint: 'Pass --agency "…" (or sign.agency in the config), or --appearance none.', key: 'sign.needsAgency', hintKey: 'sign.needsAgencyHint' });
  const tsa = typeof opts.tsa === 'string' ? tsaClientFor(opts.tsa) : opts.tsa;
  if (opts.level) checkLevel(opts.level, tsa !== undefined);
  const before = await signaturesBefore(src, file);
  refuseBrokenOrLocked(before);
  try {
    const signed = await signLaidOut(src, file, signer, opts, kind, signingTime, tsa, before);
    return opts.level === 'B-LT' || opts.level === 'B-LTA' ? await extendPdf(signed, opts.level, { tsa, revocationTimeoutMs: opts.revocationTimeoutMs }) : signed;
  } catch (e) {
    if (e instanceof SohoaError) throw e;
    throw new SigningError(`Cannot sign this PDF: ${(e as Error).message}`, {
      cause: e,
      hint: 'The PDF structure may be damaged; repair it (qpdf in.pdf out.pdf) and sign again.',
      key: 'sign.err.cannotSign',
      params: { detail: (e as Error).message },
      hintKey: 'sign.err.cannotSignHint',
    });
  }
}

async function signLaidOut(
  src: Buffer,
  file: PdfFile,
  signer: Signer,
  opts: SignOptions,
  kind: AppearanceKind,
  signingTime: Date,
  tsa: TsaClient | undefined,
  before: SignaturesBefore,
): Promise<Buffer> {

  let capacity = cmsSizeEstimate(signer) + (tsa ? (await tsa.tokenSize()) + TSA_SLACK : 0);
  for (let attempt = 0; attempt < 3; attempt++) {
    const prep = await writeIncrement(src, file, {
      capacity,
      signingTime,
      reason: opts.reason,
      location: opts.location,
      appearance: { kind, copyType: opts.copyType ?? 'SAO Y', agency: opts.agency?.trim() ?? '', time: signingTime, seal: opts.seal },
    });
    const [a, b, c, d] = prep.byteRange;
    const digest = crypto.createHash('sha256').update(prep.bytes.subarray(a, a + b)).update(prep.bytes.subarray(c, c + d)).digest();
    const signedAttrs = signedAttributes(digest, signer.certificate);
    const signature = await signer.sign(signedAttrs);
    const timestampToken = tsa ? await tsa.stamp(signature) : undefined;
    const cms = assembleCms({ signer, signedAttrs, signature, timestampToken });
    if (cms.length > capacity) {
      // Cannot happen with the sizes above; if a TSA's tokens grow, lay out again, larger.
      capacity = cms.length + 2048;
      continue;
    }
    prep.bytes.write(cms.toString('hex'), prep.hexStart, 'latin1');
    await selfCheck({ ...prep, signer, signedAttrs, signature, cms, timestamped: Boolean(timestampToken) }, before);
    return prep.bytes;
  }
  throw new SigningError('The signature did not fit its placeholder after three layouts', { key: 'sign.err.signatureNoFit' });
}

/**
 * An office must never sign over a broken signature, nor over a certification that forbids
 * further signatures (issue 12, cases 5 and 7).
 */
function refuseBrokenOrLocked(before: SignaturesBefore): void {
  const broken = before.signatures.filter((s) => !s.intact || s.changesAfter.length > 0);
  if (broken.length) {
    const why = (s: (typeof broken)[number]) => s.changesAfter[0]?.detailSaid ?? s.problemsSaid[0] ?? said('verifyProblem.notIntact');
    const which = broken.map((s) => `"${s.field}" no longer verifies (${english(why(s))})`).join('; ');
    const fields = broken.map((s) => said('signCheck.brokenField', { field: s.field, why: why(s) }));
    throw new OutputCheckError(`Refusing to sign: the existing signature ${which}`, {
      hint: 'Nothing was written. Check it with `sohoa verify`, and ask the sender for an intact copy.',
      key: 'sign.err.brokenBefore',
      params: { fields: fields.map(english).join('; ') },
      paramsSaid: { fields },
      hintKey: 'sign.err.brokenBeforeHint',
    });
  }
  const locked = before.signatures.find((s) => s.certification?.permissions === 1);
  if (locked)
    throw new SigningError(`Expected a document that permits further signatures, got a certification signature "${locked.field}" that permits no changes (DocMDP P=1)`, {
      hint: 'Any new signature would break that certification. Sign a copy made before certification, or ask the certifier.',
      key: 'sign.err.certified',
      params: { field: locked.field },
      hintKey: 'sign.err.certifiedHint',
    });
}
