import { Option, type Command } from 'commander';
import type { Config } from '../config/schema.js';
import type { SqlCatalog } from '../adapters/sql/catalog.js';
import type { Logger } from './log.js';
import type { CommandOutput, Streams } from './output.js';
import { isLang, t, type Lang } from '../i18n/index.js';
import { UsageError } from '../errors.js';

// Light on purpose: command files import this at start-up (`sohoa --help`). The context itself,
// with the config schema and the catalog, is made in create-context.ts, loaded by the action.

/** Options every command accepts (DESIGN.md, command-line contract). */
export interface GlobalOptions {
  workspace?: string;
  config?: string;
  archive?: string;
  s3Endpoint?: string;
  s3ForcePathStyle?: boolean;
  json?: boolean;
  concurrency?: number;
  quiet?: boolean;
  verbose?: boolean;
  logFormat?: 'text' | 'json';
  lang?: Lang;
}

export interface CliContext {
  readonly config: Config;
  readonly globals: GlobalOptions;
  readonly log: Logger;
  readonly streams: Streams;
  readonly isTTY: boolean;
  /** Opens the catalog once, on first use; closed by the CLI at exit. */
  catalog(): SqlCatalog;
  /** CPU workers: --concurrency, config, or the number of cores. */
  cpuConcurrency(): number;
  /** Aborted on SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  /** Runs fn when the command ends (e.g. to close a second catalog). */
  onDispose(fn: () => void): void;
}

export function addGlobalOptions(program: Command): void {
  program
    .option('--workspace <dir>', t('help.opt.workspace'))
    .option('--config <file>', t('help.opt.config'))
    .option('--archive <url>', t('help.opt.archive'))
    .option('--s3-endpoint <url>', t('help.opt.s3Endpoint'))
    .option('--s3-force-path-style', t('help.opt.s3ForcePathStyle'))
    .option('--json', t('help.opt.json'))
    .addOption(new Option('--concurrency <n>', t('help.opt.concurrency')).argParser((v) => parsePositiveInt(v, '--concurrency')))
    .addOption(new Option('--log-format <format>', t('help.opt.logFormat')).choices(['text', 'json']))
    .addOption(new Option('--lang <lang>', t('main.langOption')).argParser(parseLang))
    .option('--quiet', t('help.opt.quiet'))
    .option('--verbose', t('help.opt.verbose'));
}

/** A count given to a command (`--limit`, `--top`): a usage error in the run language if it is not a whole number ≥ 1. */
export function positiveCount(v: unknown, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`Expected a positive whole number for ${name}, got "${String(v)}"`, { key: 'help.badPositiveInt', params: { name, value: String(v) } });
  }
  return n;
}

/** `Expected a date YYYY-MM-DD for --from, got "x"`, in the run language. */
export function badDate(name: string, value: unknown): UsageError {
  return new UsageError(`Expected a date YYYY-MM-DD for ${name}, got "${String(value)}"`, { key: 'cmd.badDate', params: { name, value: String(value) } });
}

export function parsePositiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw new (class extends Error {
      code = 'commander.invalidArgument';
    })(t('help.badPositiveInt', { name, value: v }));
  }
  return n;
}

function parseLang(v: string): Lang {
  if (isLang(v)) return v;
  throw new (class extends Error {
    code = 'commander.invalidArgument';
  })(t('main.badLang', { value: v }));
}

export type Action<A extends unknown[]> = (ctx: CliContext, ...args: A) => Promise<CommandOutput>;
