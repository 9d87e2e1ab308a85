import os from 'node:os';
import { Command, Option } from 'commander';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { SqliteCatalog } from '../adapters/sqlite/catalog.js';
import { createLogger, type Logger } from './log.js';
import type { CommandOutput, Streams } from './output.js';

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
}

export interface CliContext {
  readonly config: Config;
  readonly globals: GlobalOptions;
  readonly log: Logger;
  readonly streams: Streams;
  readonly isTTY: boolean;
  /** Opens the catalog once, on first use; closed by the CLI at exit. */
  catalog(): SqliteCatalog;
  /** CPU workers: --concurrency, config, or the number of cores. */
  cpuConcurrency(): number;
  /** Aborted on SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  /** Runs fn when the command ends (e.g. to close a second catalog). */
  onDispose(fn: () => void): void;
}

export function addGlobalOptions(program: Command): void {
  program
    .option('--workspace <dir>', 'catalog and working files (default ./.sohoa)')
    .option('--config <file>', 'config file (default ./sohoa.config.json if it exists)')
    .option('--archive <url>', 'file:///path or s3://bucket/prefix')
    .option('--s3-endpoint <url>', 'endpoint of an S3-compatible server')
    .option('--s3-force-path-style', 'path-style S3 addressing (MinIO, Ceph and most self-hosted servers)')
    .option('--json', 'machine-readable output on stdout')
    .addOption(new Option('--concurrency <n>', 'CPU workers (default: cores)').argParser((v) => parsePositiveInt(v, '--concurrency')))
    .addOption(new Option('--log-format <format>', 'log output').choices(['text', 'json']))
    .option('--quiet', 'only warnings and errors')
    .option('--verbose', 'debug output and stack traces');
}

export function parsePositiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw new (class extends Error {
      code = 'commander.invalidArgument';
    })(`Expected a positive whole number for ${name}, got "${v}"`);
  }
  return n;
}

/** Flags that are also config keys, mapped into the config's shape (highest precedence). */
function flagsToConfig(g: GlobalOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (g.workspace !== undefined) out.workspace = g.workspace;
  if (g.archive !== undefined) out.archive = g.archive;
  if (g.concurrency !== undefined) out.concurrency = g.concurrency;
  if (g.logFormat !== undefined) out.logFormat = g.logFormat;
  if (g.s3Endpoint !== undefined || g.s3ForcePathStyle) {
    out.s3 = { ...(g.s3Endpoint !== undefined ? { endpoint: g.s3Endpoint } : {}), ...(g.s3ForcePathStyle ? { forcePathStyle: true } : {}) };
  }
  return out;
}

export function createContext(
  globals: GlobalOptions,
  streams: Streams,
  signal: AbortSignal,
  extraConfig: Record<string, unknown> = {},
): CliContext & { dispose(): void } {
  const config = loadConfig({ file: globals.config, flags: deepFlags(flagsToConfig(globals), extraConfig) });
  const isTTY = Boolean((streams.stderr as NodeJS.WriteStream).isTTY);
  const format = config.logFormat ?? (globals.json ? 'json' : 'text');
  const log = createLogger({ stream: streams.stderr, format, quiet: globals.quiet, verbose: globals.verbose });
  let catalog: SqliteCatalog | undefined;
  const disposers: Array<() => void> = [];
  return {
    config,
    globals,
    log,
    streams,
    isTTY,
    signal,
    catalog() {
      catalog ??= SqliteCatalog.open(config.workspace);
      return catalog;
    },
    cpuConcurrency() {
      return config.concurrency ?? Math.max(1, os.availableParallelism());
    },
    onDispose(fn) {
      disposers.push(fn);
    },
    dispose() {
      catalog?.close();
      for (const fn of disposers.splice(0)) fn();
    },
  };
}

function deepFlags(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = cur && typeof cur === 'object' && v && typeof v === 'object' ? { ...(cur as object), ...(v as object) } : v;
  }
  return out;
}

export type Action<A extends unknown[]> = (ctx: CliContext, ...args: A) => Promise<CommandOutput>;
