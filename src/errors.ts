/** Exit codes are a contract with schedulers: see DESIGN.md and the README. */
export enum ExitCode {
  Ok = 0,
  Usage = 1,
  Rejected = 2,
  Config = 3,
  OutputCheck = 4,
  Storage = 5,
  Signing = 6,
  Untrusted = 7,
  NotSigned = 8,
  /** The scanner stopped: no device, feeder empty, paper jam, cover open, device busy. */
  Scanner = 9,
  Locked = 11,
  /** A bug: an error sohoa did not expect. */
  Internal = 15,
  Interrupted = 130,
}

import type { MessageKey, Params } from './i18n/index.js';
import { mapSaidStrings, type SaidParams } from './i18n/said.js';

export interface ErrorDetails {
  hint?: string;
  /**
   * The message in the catalogues (src/i18n), so the CLI says it in the run's language; the
   * English `message` stays the fallback and what JSON output and logs carry.
   */
  key?: MessageKey;
  params?: Params;
  /**
   * Params that are themselves catalogue texts (a verifier's problems inside a refusal): worded
   * in the run language for people; `params` keeps their English, worded from the same keys.
   */
  paramsSaid?: SaidParams;
  hintKey?: MessageKey;
  hintParams?: Params;
  cause?: unknown;
  /** The file the error is about, when there is one. */
  file?: string;
}

/** Base of every error sohoa throws on purpose. The CLI maps it to its exit code. */
export class SohoaError extends Error {
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly file?: string;
  readonly key?: MessageKey;
  readonly params?: Params;
  readonly paramsSaid?: SaidParams;
  readonly hintKey?: MessageKey;
  readonly hintParams?: Params;

  constructor(message: string, exitCode: ExitCode, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = details.hint;
    this.file = details.file;
    this.key = details.key;
    this.params = details.params;
    this.paramsSaid = details.paramsSaid;
    this.hintKey = details.hintKey;
    this.hintParams = details.hintParams;
  }
}

export class UsageError extends SohoaError {
  constructor(message: string, details?: ErrorDetails) {
    super(message, ExitCode.Usage, details);
  }
}

/** Missing dependency or bad configuration. */
export class ConfigError extends SohoaError {
  constructor(message: string, details?: ErrorDetails) {
    super(message, ExitCode.Config, details);
  }
}

/** One input could not be used; batches record it and go on. */
export class InputRejectedError extends SohoaError {
  /** Short machine-readable reason, e.g. `bad-magic`, `encrypted`, `low-dpi`. */
  readonly reason: string;
  constructor(reason: string, message: string, details?: ErrorDetails) {
    super(message, ExitCode.Rejected, details);
    this.reason = reason;
  }
}

/** Output failed sohoa's own check (e.g. a signed PDF that does not verify). */
export class OutputCheckError extends SohoaError {
  constructor(message: string, details?: ErrorDetails) {
    super(message, ExitCode.OutputCheck, details);
  }
}

export class StorageError extends SohoaError {
  constructor(message: string, details?: ErrorDetails) {
    super(message, ExitCode.Storage, details);
  }
}

export class SigningError extends SohoaError {
  constructor(message: string, details?: ErrorDetails) {
    super(message, ExitCode.Signing, details);
  }
}

export class LockError extends SohoaError {
  constructor(message: string, details?: ErrorDetails) {
    super(message, ExitCode.Locked, details);
  }
}

/** SANE's reasons a scan stops, as `ScannerError.reason`. */
export type ScannerFault = 'no-device' | 'feeder-empty' | 'jammed' | 'cover-open' | 'busy' | 'io' | 'failed';

/** The scanner could not scan, or stopped; the pages scanned before it stopped are kept. */
export class ScannerError extends SohoaError {
  readonly reason: ScannerFault;
  constructor(reason: ScannerFault, message: string, details?: ErrorDetails) {
    super(message, ExitCode.Scanner, details);
    this.reason = reason;
  }
}

export class InterruptedError extends SohoaError {
  constructor(message = 'Interrupted', details?: ErrorDetails) {
    super(message, ExitCode.Interrupted, details);
  }
}

/**
 * The catalogue key and params of an error, for records that outlive it (run summaries,
 * events); `mask` hides personal data in the params as it is hidden in the message.
 */
export function saidOf(err: SohoaError, mask: (s: string) => string = (s) => s): { key?: MessageKey; params?: Params; paramsSaid?: SaidParams } {
  if (!err.key) return {};
  const params = err.params ? Object.fromEntries(Object.entries(err.params).map(([k, v]) => [k, typeof v === 'string' ? mask(v) : v])) : undefined;
  return { key: err.key, ...(params ? { params } : {}), ...(err.paramsSaid ? { paramsSaid: mapSaidStrings(err.paramsSaid, mask) } : {}) };
}

/** Turns anything thrown into a SohoaError, so the CLI has one shape to render. */
export function toSohoaError(err: unknown): SohoaError {
  if (err instanceof SohoaError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
    const what = e.code === 'ENOENT' ? 'no such file or folder' : e.code === 'EACCES' ? 'permission denied' : e.message;
    const message = e.path ? `Cannot ${e.syscall ?? 'access'} ${e.path}: ${what}` : e.message;
    const key = e.code === 'ENOENT' ? 'error.pathMissing' : e.code === 'EACCES' ? 'error.pathDenied' : undefined;
    return new StorageError(message, {
      cause: err,
      file: e.path,
      hint: 'Check the path, its permissions and free disk space.',
      hintKey: 'hint.checkPath',
      // Only the known codes have words of their own; other system messages stay as they are.
      ...(e.path && key ? { key, params: { syscall: e.syscall ?? 'access', path: e.path } } : {}),
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SohoaError(`Unexpected error: ${message}`, ExitCode.Internal, {
    cause: err,
    hint: 'This is a bug in sohoa; run again with --verbose and report the stack trace.',
    key: 'error.unexpected',
    params: { message },
    hintKey: 'hint.bug',
  });
}
