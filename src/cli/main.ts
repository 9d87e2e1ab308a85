import { setMaxListeners } from 'node:events';
import { CommanderError, type Command } from 'commander';
import { ExitCode, SohoaError, UsageError, toSohoaError } from '../errors.js';
import type { CliContext, GlobalOptions } from './context.js';
import { printError, printOutput, type CommandOutput, type Streams } from './output.js';
import { VERSION } from '../version.js';
import { setLang, t } from '../i18n/index.js';
import { runLang } from './run-lang.js';

export type Opts = Record<string, unknown>;

/** How a command file describes its action: positional args and options in, data out. */
export type Handler = (ctx: CliContext, args: string[], opts: Opts) => Promise<CommandOutput>;

export interface DefineOptions {
  /** Maps command options to config keys, so flags override config and env. */
  config?: (opts: Opts) => Record<string, unknown>;
}

export type Define = (cmd: Command, handler: Handler, options?: DefineOptions) => Command;

export interface MainOptions {
  streams?: Streams;
}

/**
 * The single entry point: builds the program, runs one command, prints its result or its
 * error, and returns the exit code. Nothing else in sohoa prints or exits.
 */
export async function main(argv: string[], mainOpts: MainOptions = {}): Promise<number> {
  const streams: Streams = mainOpts.streams ?? { stdout: process.stdout, stderr: process.stderr };
  // The run language before anything is built: help texts, commander's usage errors and a bad
  // config file all speak it (--lang, SOHOA_LANG, then the config file's `lang`).
  setLang(runLang(argv));
  // `sohoa --version` answers before the commands (and what they import) are loaded.
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    streams.stdout.write(`${VERSION}\n`);
    return ExitCode.Ok;
  }
  // Loaded here so that the fast path above does not pay for them. Command files import only
  // light things at the top (commander, the catalogues, option helpers): `--help` stays fast.
  const [{ commands }, { addGlobalOptions }, { SohoaCommand, localizeHelp }] = await Promise.all([
    import('./commands/index.js'),
    import('./context.js'),
    import('./help.js'),
  ]);
  // `sohoa … | head`: a reader that goes away is not an error.
  if (!mainOpts.streams) {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(ExitCode.Ok);
      throw err;
    });
  }
  const controller = new AbortController();
  // Every upload in flight listens to the signal (the SDK adds one listener per request).
  setMaxListeners(0, controller.signal);
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(ExitCode.Interrupted);
    streams.stderr.write(`\n${t('main.signal', { signal: sig })}\n`);
    controller.abort(new Error(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let output: CommandOutput | undefined;
  let globals: GlobalOptions = {};
  let dispose: (() => void) | undefined;

  const define: Define = (cmd, handler, options = {}) =>
    cmd.action(async (...a: unknown[]) => {
      const command = a[a.length - 1] as Command;
      const opts = command.opts() as Opts;
      const args = (a.slice(0, -2) as Array<string | string[]>).flat().filter((x) => x !== undefined);
      globals = command.optsWithGlobals() as GlobalOptions;
      // The config schema and the catalog load here, for the one command that runs.
      const { createContext } = await import('./create-context.js');
      const ctx = createContext(globals, streams, controller.signal, options.config?.(opts) ?? {});
      setLang(ctx.config.lang);
      dispose = () => ctx.dispose();
      output = await handler(ctx, args, opts);
    });

  const program = localizeHelp(new SohoaCommand('sohoa'), VERSION)
    .description(t('help.program'))
    .showHelpAfterError(t('main.helpAfterError'))
    .configureOutput({
      writeOut: (s) => streams.stdout.write(s),
      writeErr: (s) => streams.stderr.write(s),
    })
    .exitOverride();
  addGlobalOptions(program);
  for (const register of commands) register(program, define);

  let code: number;
  try {
    await program.parseAsync(argv);
    if (output) printOutput(output, Boolean(globals.json), streams);
    code = output?.exitCode ?? ExitCode.Ok;
  } catch (err) {
    code = handleError(err, globals, streams);
  } finally {
    dispose?.();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return code;
}

function handleError(err: unknown, globals: GlobalOptions, streams: Streams): number {
  if (err instanceof CommanderError) {
    // --help and --version end through exitOverride with code 0.
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.Ok;
    return ExitCode.Usage; // commander already printed the message
  }
  const e: SohoaError = err instanceof SohoaError ? err : toSohoaError(err);
  printError(e, Boolean(globals.verbose), Boolean(globals.json), streams, globals.logFormat === 'json' || process.env.SOHOA_LOG_FORMAT === 'json');
  return e.exitCode;
}

export { UsageError };
