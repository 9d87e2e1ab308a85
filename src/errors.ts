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

export interface ErrorDetails {
  hint?: string;
  cause?: unknown;
  /** The file the error is about, when there is one. */
  file?: string;
}

/** Base of every error sohoa throws on purpose. The CLI maps it to its exit code. */
export class SohoaError extends Error {
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly file?: string;

  constructor(message: string, exitCode: ExitCode, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = details.hint;
    this.file = details.file;
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

/** Turns anything thrown into a SohoaError, so the CLI has one shape to render. */
export function toSohoaError(err: unknown): SohoaError {
  if (err instanceof SohoaError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
    const what = e.code === 'ENOENT' ? 'no such file or folder' : e.code === 'EACCES' ? 'permission denied' : e.message;
    const message = e.path ? `Cannot ${e.syscall ?? 'access'} ${e.path}: ${what}` : e.message;
    return new StorageError(message, { cause: err, file: e.path, hint: 'Check the path, its permissions and free disk space.' });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SohoaError(`Unexpected error: ${message}`, ExitCode.Internal, {
    cause: err,
    hint: 'This is a bug in sohoa; run again with --verbose and report the stack trace.',
  });
}
