import { Option, type Command } from 'commander';
import type { Define, Opts } from '../main.js';
import { parsePositiveInt, type CliContext } from '../context.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { FixityScope } from '../../stages/fixity/index.js';
import { parseDate } from '../../registry/csv.js';
import { progressBar } from '../archive-progress.js';
import { archiveCleanup } from './archive.js';
import { addStoreOptions, storeConfig } from './store-options.js';

export function registerFixity(program: Command, define: Define): void {
  define(
    addStoreOptions(program.command('fixity'))
      .option('--all', 'check every archived object and list the store for unexpected ones (the default)')
      .addOption(new Option('--sample <n>', 'check N archived objects chosen at random').argParser((v) => parsePositiveInt(v, '--sample')))
      .option('--since <date>', 'check objects archived on or after this date (YYYY-MM-DD)')
      .option('--cleanup', 'instead of an audit, abort stale multipart uploads (same as `sohoa archive cleanup`)')
      .option('--older-than <hours>', 'with --cleanup: only uploads started at least this many hours ago', '24')
      .option('--dry-run', 'with --cleanup: list them, abort nothing')
      .description('re-read archived objects and compare their SHA-256 with the catalog and the sidecars')
      .addHelpText(
        'after',
        '\nExit codes: 0 all intact; 4 missing, corrupt or unexpected objects found; 5 the store could not be read.\n\nExamples:\n  $ sohoa fixity\n  $ sohoa fixity --sample 200 --archive s3://records/tra-vinh --s3-endpoint https://s3.example.vn',
      ),
    (ctx, _args, opts) => (opts.cleanup ? archiveCleanup(ctx, opts) : fixity(ctx, opts)),
    { config: storeConfig },
  );
}

function scopeFrom(opts: Opts): FixityScope {
  const chosen = [opts.all, opts.sample, opts.since].filter((v) => v !== undefined).length;
  if (chosen > 1) throw new UsageError('Expected at most one of --all, --sample and --since');
  if (opts.sample !== undefined) return { kind: 'sample', size: opts.sample as number };
  if (opts.since !== undefined) {
    const d = parseDate(String(opts.since));
    if (!d) throw new UsageError(`Expected a date YYYY-MM-DD for --since, got "${String(opts.since)}"`);
    return { kind: 'since', date: d };
  }
  return { kind: 'all' };
}

async function fixity(ctx: CliContext, opts: Opts) {
  const scope = scopeFrom(opts);
  const { openObjectStore } = await import('../../stages/archive/index.js');
  const { runFixity } = await import('../../stages/fixity/index.js');
  const store = openObjectStore(undefined, ctx.config);
  const bar = progressBar(ctx, 'fixity');
  try {
    const report = await runFixity(store, ctx.catalog(), {
      scope,
      concurrency: ctx.config.s3.ioConcurrency,
      signal: ctx.signal,
      onProgress: (p) => bar.tick(p.done, p.total, p.key),
    });
    bar.stop();
    const c = report.counts;
    const lines = report.findings.map((f) => `${f.status.padEnd(10)} ${f.key}${f.message ? `: ${f.message}` : ''}`);
    lines.push(
      `Fixity audit #${report.auditId} of ${report.storeUrl} (${report.scope}): ${c.checked} checked, ${c.ok} ok, ${c.missing} missing, ${c.corrupt} corrupt, ${c.unexpected} unexpected, ${c.errors} unreadable — ${report.status}`,
    );
    const exitCode =
      report.status === 'interrupted'
        ? ExitCode.Interrupted
        : c.missing + c.corrupt + c.unexpected > 0
          ? ExitCode.OutputCheck
          : c.errors > 0
            ? ExitCode.Storage
            : ExitCode.Ok;
    return { data: report, text: lines.join('\n'), exitCode };
  } finally {
    bar.stop();
    store.close();
  }
}
