import { X509Certificate } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ExitCode, InputRejectedError, saidOf, toSohoaError } from '../../errors.js';
import type { MessageKey, Params } from '../../i18n/index.js';
import type { SaidParams } from '../../i18n/said.js';
import type { Signer } from '../../ports/signer.js';
import { writeFileAtomic } from '../../util/fs.js';
import { verifyPdf } from '../../verify/index.js';
import { isoVietnam, type CopyType } from './appearance.js';
import { signPdf, type SignOptions } from './index.js';

/** One file of a batch: where it comes from, where it goes, and its own box text if any. */
export interface BatchItem {
  input: string;
  output: string;
  copyType?: CopyType;
  agency?: string;
  /** Set when the item was refused before signing (a bad manifest row, a clash of outputs). */
  refusal?: { reason: string; message: string; key?: MessageKey; params?: Params };
}

export type BatchStatus = 'signed' | 'skipped' | 'refused';

export interface BatchResult {
  input: string;
  output: string;
  status: BatchStatus;
  /** Short machine-readable reason for `skipped` and `refused`, e.g. `already-signed`, `signing`. */
  reason?: string;
  message?: string;
  /** The message's catalogue key and params, when it has one, so the CLI words it in the run language. */
  key?: MessageKey;
  params?: Params;
  /** Params that are catalogue texts themselves (a verifier's problems), as in errors (src/errors.ts). */
  paramsSaid?: SaidParams;
  hintKey?: MessageKey;
  hintParams?: Params;
  /** The exit code this refusal would have on its own (4, 5, 6, …). */
  exitCode?: number;
  signingTime?: string;
  /** Text of the visible box, for signed files. */
  copyType?: string;
  agency?: string;
  bytes?: number;
}

export interface BatchOptions extends Omit<SignOptions, 'signingTime'> {
  signal?: AbortSignal;
  /** Called after each file, e.g. for progress. */
  onResult?: (r: BatchResult, index: number) => void;
}

export interface BatchOutcome {
  results: BatchResult[];
  signed: number;
  skipped: number;
  refused: number;
  /** Files not started because the run was interrupted. */
  notStarted: number;
  interrupted: boolean;
}

const REASONS: Partial<Record<ExitCode, string>> = {
  [ExitCode.Usage]: 'usage',
  [ExitCode.OutputCheck]: 'output-check',
  [ExitCode.Storage]: 'storage',
  [ExitCode.Signing]: 'signing',
  [ExitCode.Untrusted]: 'untrusted',
  [ExitCode.Internal]: 'internal',
};

function refusal(item: BatchItem, err: unknown): BatchResult {
  const e = toSohoaError(err);
  const reason = e instanceof InputRejectedError ? e.reason : (REASONS[e.exitCode] ?? 'error');
  const message = e.hint ? `${e.message} (${e.hint})` : e.message;
  // Keyed only when the hint (part of the message) has a key too, so no part of it is lost in translation.
  const said = !e.hint || e.hintKey ? { ...saidOf(e), ...(e.hintKey ? { hintKey: e.hintKey, hintParams: e.hintParams } : {}) } : {};
  return { input: item.input, output: item.output, status: 'refused', reason, message, ...said, exitCode: e.exitCode };
}

/**
 * Whether `output` already holds this input signed by this key: the input's bytes as its
 * prefix (an incremental update of exactly this file) and a newest signature of this
 * certificate, added after that prefix, with every signature intact and nothing but
 * permitted changes (a DSS, a document timestamp) after it. `absent` when there is no file.
 */
async function existingOutput(input: Buffer, output: string, serial: string): Promise<'absent' | 'valid' | 'other'> {
  let out: Buffer;
  try {
    out = await fsp.readFile(output);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw e;
  }
  if (out.length <= input.length || !out.subarray(0, input.length).equals(input)) return 'other';
  const report = await verifyPdf(out);
  // The newest signature (not document timestamp): at B-LT/B-LTA a DSS or timestamp follows it, as permitted changes.
  const last = report.signatures.filter((s) => s.kind === 'signature').at(-1);
  const addedHere = last !== undefined && last.byteRange[2]! + last.byteRange[3]! > input.length;
  return addedHere && last.serial === serial && report.signatures.every((s) => s.intact && !s.changesAfter.length) ? 'valid' : 'other';
}

async function signOne(item: BatchItem, signer: Signer, serial: string, opts: BatchOptions): Promise<BatchResult> {
  if (item.refusal) return { input: item.input, output: item.output, status: 'refused', ...item.refusal, exitCode: ExitCode.Rejected };
  if (path.resolve(item.input) === path.resolve(item.output))
    return { input: item.input, output: item.output, status: 'refused', reason: 'same-as-input', message: 'The output would overwrite the input; inputs are never modified', key: 'sign.batch.sameAsInput', exitCode: ExitCode.Usage };
  let input: Buffer;
  try {
    input = await fsp.readFile(item.input);
  } catch (e) {
    return refusal(item, e);
  }
  const existing = await existingOutput(input, item.output, serial);
  if (existing === 'valid')
    return { input: item.input, output: item.output, status: 'skipped', reason: 'already-signed', message: 'The output is already there, signed by this key and valid', key: 'sign.batch.alreadySigned' };
  if (existing === 'other')
    return {
      input: item.input,
      output: item.output,
      status: 'refused',
      reason: 'output-exists',
      message: `Expected ${item.output} to be absent or a valid signed copy of ${item.input}, but it is another file; it was left as it is (move it away, or choose another output folder)`,
      key: 'sign.batch.outputExists',
      params: { output: item.output, input: item.input },
      exitCode: ExitCode.Rejected,
    };
  const signingTime = new Date();
  const { signal: _s, onResult: _o, ...signOpts } = opts;
  const copyType = item.copyType ?? opts.copyType ?? 'SAO Y';
  const agency = item.agency ?? opts.agency;
  const signed = await signPdf(input, signer, { ...signOpts, copyType, agency, signingTime });
  await writeFileAtomic(item.output, signed);
  const box = opts.appearance === 'none' ? {} : { copyType, agency };
  return { input: item.input, output: item.output, status: 'signed', signingTime: isoVietnam(signingTime), ...box, bytes: signed.length };
}

/**
 * Signs many files in one process with one open signer (P12 or PKCS#11 session), one font
 * subset cache and one TSA client. Each output is verified before it is written (signPdf's
 * self-check), written under a temporary name and renamed; inputs are only read. A file
 * that fails is refused with its reason and the batch goes on. Outputs already present and
 * valid are skipped, so a re-run after a crash converges.
 */
export async function signBatch(items: BatchItem[], signer: Signer, opts: BatchOptions = {}): Promise<BatchOutcome> {
  const serial = new X509Certificate(signer.certificate).serialNumber;
  const results: BatchResult[] = [];
  for (const [i, item] of items.entries()) {
    if (opts.signal?.aborted) break;
    let r: BatchResult;
    try {
      r = await signOne(item, signer, serial, opts);
    } catch (e) {
      // One bad file (or a bug it triggers) must not stop the batch; toSohoaError says which.
      r = refusal(item, e);
    }
    results.push(r);
    opts.onResult?.(r, i);
  }
  const count = (s: BatchStatus) => results.filter((r) => r.status === s).length;
  return {
    results,
    signed: count('signed'),
    skipped: count('skipped'),
    refused: count('refused'),
    notStarted: items.length - results.length,
    interrupted: results.length < items.length,
  };
}
