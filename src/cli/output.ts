import { ExitCode, type SohoaError } from '../errors.js';
import { maskPersonalData } from '../domain/privacy.js';
import { t } from '../i18n/index.js';
import { wordParams } from '../i18n/said.js';

/** What every command returns. The CLI alone turns it into output and an exit code. */
export interface CommandOutput {
  /** Machine-readable result, printed as JSON with --json. */
  data: unknown;
  /** Human-readable rendering; defaults to JSON when absent. */
  text?: string;
  exitCode?: ExitCode;
  /** Said on stderr whatever the output format, so a file or a pipe never hides them. */
  warnings?: string[];
}

export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function printOutput(out: CommandOutput, json: boolean, streams: Streams): void {
  for (const w of out.warnings ?? []) streams.stderr.write(`${t('label.warning')}: ${w}\n`);
  if (json) {
    streams.stdout.write(JSON.stringify(out.data, null, 2) + '\n');
    return;
  }
  const text = out.text ?? JSON.stringify(out.data, null, 2);
  if (text.length > 0) streams.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/**
 * `Lỗi: message` / `Error: message` plus a hint, in the run's language when the error has a
 * catalogue key; the stack only with --verbose. JSON (output and log lines) keeps the English
 * message, so scripts see the same text whatever the language. Personal data is masked.
 */
export function printError(err: SohoaError, verbose: boolean, json: boolean, streams: Streams, logJson = false): void {
  const message = maskPersonalData(err.message);
  const hint = err.hint ? maskPersonalData(err.hint) : undefined;
  const said = err.key ? maskPersonalData(t(err.key, err.paramsSaid ? { ...err.params, ...wordParams(err.paramsSaid) } : err.params)) : message;
  const saidHint = err.hintKey ? maskPersonalData(t(err.hintKey, err.hintParams)) : hint;
  if (logJson) {
    // --log-format json: the fatal error is a log line like every other, on stderr.
    const line = { time: new Date().toISOString(), level: 'error', msg: message, hint, exitCode: err.exitCode, error: err.name, file: err.file };
    streams.stderr.write(maskPersonalData(JSON.stringify(line)) + '\n');
    if (json) streams.stdout.write(JSON.stringify({ error: { message, hint, exitCode: err.exitCode, file: err.file, type: err.name } }, null, 2) + '\n');
    return;
  }
  if (json) {
    streams.stdout.write(
      JSON.stringify({ error: { message, hint, exitCode: err.exitCode, file: err.file, type: err.name } }, null, 2) + '\n',
    );
  }
  streams.stderr.write(`${t('label.error')}: ${said}\n`);
  if (saidHint) streams.stderr.write(`${t('label.hint')}: ${saidHint}\n`);
  if (verbose) {
    const chain: string[] = [];
    for (let e: unknown = err; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e.stack ?? String(e));
    streams.stderr.write(maskPersonalData(chain.join(`\n${t('label.causedBy')}: `)) + '\n');
  }
}
