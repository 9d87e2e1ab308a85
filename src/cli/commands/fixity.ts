import { Option, type Command } from 'commander';
import type { Define, Opts } from '../main.js';
import { parsePositiveInt, type CliContext } from '../context.js';
import { ExitCode, UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { word } from '../../i18n/said.js';
import type { FixityFinding } from '../../ports/archive-catalog.js';
import type { FixityScope } from '../../stages/fixity/index.js';
import { parseDate } from '../../registry/dates.js';
import { archiveCleanup } from './archive.js';
import { addStoreOptions, storeConfig } from './store-options.js';

export function registerFixity(program: Command, define: Define): void {
  define(
    addStoreOptions(program.command('fixity'))
      .option('--all', t('fixity.opt.all'))
      .addOption(new Option('--sample <n>', t('fixity.opt.sample')).argParser((v) => parsePositiveInt(v, '--sample')))
      .option('--since <date>', t('fixity.opt.since'))
      .option('--cleanup', t('fixity.opt.cleanup'))
      .option('--older-than <hours>', t('fixity.opt.olderThan'), '24')
      .option('--dry-run', t('fixity.opt.dryRun'))
      .description(t('fixity.description'))
      .addHelpText(
        'after',
        `\n${t('fixity.help.exitCodes')}\n\n${t('sign.help.examples')}\n  $ sohoa fixity\n  $ sohoa fixity --sample 200 --archive s3://records/tra-vinh --s3-endpoint https://s3.example.vn`,
      ),
    (ctx, _args, opts) => (opts.cleanup ? archiveCleanup(ctx, opts) : fixity(ctx, opts)),
    { config: storeConfig },
  );
}

function scopeFrom(opts: Opts): FixityScope {
  const chosen = [opts.all, opts.sample, opts.since].filter((v) => v !== undefined).length;
  if (chosen > 1) throw new UsageError('Expected at most one of --all, --sample and --since', { key: 'fixity.oneScope' });
  if (opts.sample !== undefined) return { kind: 'sample', size: opts.sample as number };
  if (opts.since !== undefined) {
    const d = parseDate(String(opts.since));
    if (!d) {
      const value = String(opts.since);
      throw new UsageError(`Expected a date YYYY-MM-DD for --since, got "${value}"`, { key: 'fixity.badSince', params: { value } });
    }
    return { kind: 'since', date: d };
  }
  return { kind: 'all' };
}

const STATUS_KEY = { missing: 'fixity.status.missing', corrupt: 'fixity.status.corrupt', unexpected: 'fixity.status.unexpected', error: 'fixity.status.error' } as const;
const AUDIT_KEY = { passed: 'fixity.audit.passed', failed: 'fixity.audit.failed', interrupted: 'fixity.audit.interrupted' } as const;

async function fixity(ctx: CliContext, opts: Opts) {
  const scope = scopeFrom(opts);
  const { openObjectStore } = await import('../../stages/archive/index.js');
  const { runFixity } = await import('../../stages/fixity/index.js');
  const store = openObjectStore(undefined, ctx.config);
  const { progressBar } = await import('../archive-progress.js');
  const bar = progressBar(ctx, t('fixity.progress'));
  try {
    const report = await runFixity(store, ctx.catalog(), {
      scope,
      stagingPrefix: ctx.config.originals.stagingPrefix,
      concurrency: ctx.config.s3.ioConcurrency,
      signal: ctx.signal,
      onProgress: (p) => bar.tick(p.done, p.total, p.key),
    });
    bar.stop();
    const c = report.counts;
    // A finding's detail in the run language when it has a catalogue key; --json keeps the English message beside it.
    const detail = (f: FixityFinding) => (f.messageSaid ? `: ${word(f.messageSaid)}` : f.message ? `: ${f.message}` : '');
    const lines = report.findings.map((f) => `${t(STATUS_KEY[f.status]).padEnd(10)} ${f.key}${detail(f)}`);
    lines.push(
      t('fixity.summary', {
        id: report.auditId,
        store: report.storeUrl,
        scope: report.scope,
        checked: c.checked,
        ok: c.ok,
        missing: c.missing,
        corrupt: c.corrupt,
        unexpected: c.unexpected,
        errors: c.errors,
        status: t(AUDIT_KEY[report.status]),
      }),
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
