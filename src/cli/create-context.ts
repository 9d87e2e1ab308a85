import os from 'node:os';
import { loadConfig } from '../config/load.js';
import { catalogLocation, openCatalog } from '../adapters/open-catalog.js';
import type { SqlCatalog } from '../adapters/sql/catalog.js';
import { createLogger } from './log.js';
import type { CliContext, GlobalOptions } from './context.js';
import type { Streams } from './output.js';

/** Flags that are also config keys, mapped into the config's shape (highest precedence). */
function flagsToConfig(g: GlobalOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (g.workspace !== undefined) out.workspace = g.workspace;
  if (g.archive !== undefined) out.archive = g.archive;
  if (g.concurrency !== undefined) out.concurrency = g.concurrency;
  if (g.logFormat !== undefined) out.logFormat = g.logFormat;
  // --lang is said out loud for this run: it wins over a `report.lang` in the config too.
  if (g.lang !== undefined) Object.assign(out, { lang: g.lang, report: { lang: g.lang } });
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
  let catalog: SqlCatalog | undefined;
  const disposers: Array<() => void> = [];
  return {
    config,
    globals,
    log,
    streams,
    isTTY,
    signal,
    catalog() {
      catalog ??= openCatalog(catalogLocation(config.catalog.url, config.workspace), {
        passwordFile: config.catalog.passwordFile,
        applicationName: `sohoa@${os.hostname()}:${process.pid}`,
      });
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
