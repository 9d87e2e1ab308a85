import crypto, { type KeyObject } from 'node:crypto';
import { OutputCheckError } from '../../errors.js';
import type { Signer } from '../../ports/signer.js';
import { PdfFile } from '../../verify/pdf/file.js';
import { checkByteRange, contentsBytes, findSignatures } from '../../verify/signatures.js';
import { brokenBecause, verifyPdf, type VerifyReport } from '../../verify/index.js';
import { english, said, type Said } from '../../i18n/said.js';

/** What signing needs to know about the input's own signatures. */
export type SignaturesBefore = Pick<VerifyReport, 'signatures'>;

/**
 * The input's signatures, verified. Most inputs are fresh scans with none: finding the
 * signature fields in the already-open file is enough for them, and only a signed input
 * pays for the full verifier.
 */
export async function signaturesBefore(src: Buffer, file: PdfFile): Promise<SignaturesBefore> {
  try {
    if (findSignatures(file).signed.length === 0) return { signatures: [] };
  } catch {
    // Unreadable form: let the verifier say what it makes of it.
  }
  return verifyPdf(src);
}

/** The signed output and what went into it, for the check before it is written. */
export interface SignedOutput {
  bytes: Buffer;
  byteRange: number[];
  hexStart: number;
  hexLength: number;
  signer: Signer;
  signedAttrs: Buffer;
  signature: Buffer;
  cms: Buffer;
  timestamped: boolean;
}

/** Signers whose CMS has been through the full verifier once in this process. */
const fullyChecked = new WeakSet<Signer>();
const publicKeys = new WeakMap<Signer, KeyObject>();

/**
 * The new signature must be intact and cover the file; earlier intact signatures must stay so.
 * The full verifier (CMS parsed back, certificates, coverage, changes) runs for a signed input,
 * a timestamped signature, and the first signature of each key in the process. Later outputs
 * of the same key over an unsigned input differ from that first one only in the PDF around the
 * signature and in the digest, so they get the quick check: see `quickCheck`.
 */
export async function selfCheck(out: SignedOutput, before: SignaturesBefore): Promise<void> {
  if (before.signatures.length || out.timestamped || !fullyChecked.has(out.signer)) {
    await fullCheck(out.bytes, out.byteRange, before);
    fullyChecked.add(out.signer);
    return;
  }
  const problems = quickCheck(out);
  if (problems.length) fail(problems);
}

/**
 * Re-reads the output as a reader would (xref chain, catalog, form fields), and checks that it
 * holds exactly one signature, whose ByteRange is the one hashed, starts at 0, leaves out
 * exactly its /Contents and ends at EOF; that /Contents is this CMS; and that the signature
 * value verifies with the certificate's public key over the signed attributes, which carry
 * the digest of those byte ranges (hashed once, before the CMS was written into the gap).
 */
function quickCheck(out: SignedOutput): Said[] {
  const { bytes, byteRange: br } = out;
  const problems: Said[] = [];
  const file = PdfFile.open(bytes);
  if (file.repaired) problems.push(said('signCheck.xref'));
  const found = findSignatures(file).signed;
  const mine = found.length === 1 ? found[0]! : undefined;
  if (!mine) return [...problems, said('signCheck.oneSignature', { found: found.length })];
  const check = checkByteRange(mine, bytes.length);
  problems.push(...check.problems);
  if (check.byteRange.join() !== br.join()) problems.push(said('signCheck.byteRangeReadBack', { read: check.byteRange.join(' '), hashed: br.join(' ') }));
  if (br[2]! + br[3]! !== bytes.length) problems.push(said('signCheck.notWhole'));
  if (out.cms.length * 2 > out.hexLength || out.hexStart !== br[1]! + 1) problems.push(said('signCheck.cmsOutside'));
  const contents = contentsBytes(mine);
  if (!contents || !contents.subarray(0, out.cms.length).equals(out.cms) || contents.subarray(out.cms.length).some((b) => b !== 0))
    problems.push(said('signCheck.contentsReadBack'));
  let key = publicKeys.get(out.signer);
  if (!key) publicKeys.set(out.signer, (key = new crypto.X509Certificate(out.signer.certificate).publicKey));
  // RSA PKCS#1 v1.5, or ECDSA in DER: what every sohoa Signer returns.
  if (!crypto.verify('sha256', out.signedAttrs, key, out.signature))
    problems.push(said('signCheck.publicKey'));
  return problems;
}

async function fullCheck(bytes: Buffer, br: number[], before: SignaturesBefore): Promise<void> {
  const after = await verifyPdf(bytes);
  const mine = after.signatures.find((s) => s.byteRange.join() === br.join());
  const problems: Said[] = [];
  if (!mine) problems.push(said('signCheck.newNotFound'));
  else if (!mine.intact || !mine.coversWholeFile) problems.push(said('signCheck.newBroken', { problems: mine.problemsSaid.length ? mine.problemsSaid : said('verifyProblem.notIntact') }));
  for (const old of before.signatures) {
    if (!old.intact || old.changesAfter.length) continue;
    const now = after.signatures.find((s) => s.byteRange.join() === old.byteRange.join());
    if (!now?.intact || now.changesAfter.length)
      problems.push(said('signCheck.earlierBroken', { field: old.field, detail: now?.changesAfter.length ? now.changesAfter.map((c) => c.detailSaid) : said('verifyProblem.notIntact') }));
  }
  if (problems.length) fail(problems);
}

function fail(problems: Said[]): never {
  const text = problems.map(english).join('; ');
  throw new OutputCheckError(`The signed PDF failed its own check: ${text}`, {
    hint: 'No output was written. This is a bug in sohoa; report it with the input file.',
    key: 'sign.err.selfCheckSigned',
    params: { problems: text },
    paramsSaid: { problems },
    hintKey: 'sign.err.selfCheckHint',
  });
}
