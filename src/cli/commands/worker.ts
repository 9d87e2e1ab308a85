import type { Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { addSigningOptions, signConfig } from '../signing-options.js';
import { addStoreOptions, addRetentionOptions, storeConfig } from './store-options.js';
import { parseSteps, STEP_NAMES } from '../../pipeline/steps.js';
import { UsageError } from '../../errors.js';
import { renderSummary } from '../summary.js';
import { t } from '../../i18n/index.js';

/**
 * `sohoa worker`: `run` that does not end. On a shared catalog only: on one machine `sohoa run`
 * (nightly, under the workspace lock) is the tool, and a long-running process there would hold
 * the lock that every other command of the workspace needs.
 */
export function registerWorker(program: Command, define: Define): void {
  const cmd = program
    .command('worker')
    .description(t('cmd.worker.description'))
    .option('--stages <list>', t('cmd.run.stages', { steps: STEP_NAMES.join(',') }));
  addSigningOptions(cmd);
  addStoreOptions(cmd);
  addRetentionOptions(cmd);
  cmd.addHelpText(
    'after',
    helpAfter(
      [
        'SOHOA_CATALOG_URL=postgres://sohoa@db.tinh.vn/sohoa sohoa --archive s3://archive/tra-vinh --s3-endpoint http://minio:9000 worker --p12 agency.p12 --passphrase-env P12_PASS --agency "UBND tỉnh Trà Vinh"',
        'systemctl stop sohoa-worker@1   # SIGTERM: each document finishes its step, exit 130',
      ],
      t('cmd.worker.more'),
    ),
  );
  define(
    cmd,
    async (ctx, _args, opts) => {
      // A bad --stages is a UsageError with its catalogue key (exit 1).
      const steps = parseSteps(opts.stages as string | undefined);
      const catalog = ctx.catalog();
      if (!catalog.shared) {
        throw new UsageError(`A worker needs a shared catalog (PostgreSQL); this one is ${catalog.location}`, {
          key: 'worker.needsShared',
          params: { catalog: catalog.location },
          hint: 'Set catalog.url (or SOHOA_CATALOG_URL) to postgres://…, or use `sohoa run` on one machine.',
          hintKey: 'worker.needsSharedHint',
        });
      }
      const [{ runPipeline }, { createProgress }, { PgDb }, { WorkListener }] = await Promise.all([
        import('../../pipeline/run.js'),
        import('../progress.js'),
        import('../../adapters/postgres/db.js'),
        import('../../adapters/postgres/listen.js'),
      ]);
      const listener = catalog.db instanceof PgDb ? new WorkListener(catalog.db.settings) : undefined;
      await listener?.connect();
      const pollMs = ctx.config.catalog.pollSeconds * 1000;
      const progress = createProgress({ stream: ctx.streams.stderr, json: ctx.config.logFormat === 'json', text: ctx.config.logFormat === 'text', tty: ctx.isTTY, quiet: ctx.globals.quiet });
      try {
        const result = await runPipeline({
          catalog,
          config: ctx.config,
          steps,
          cpuConcurrency: ctx.cpuConcurrency(),
          signal: ctx.signal,
          events: progress,
          command: 'worker',
          follow: (signal) => (listener ? listener.wait(signal, pollMs) : new Promise((r) => setTimeout(r, pollMs))),
        });
        if ('dryRun' in result) throw new Error('a worker does not dry-run');
        return { data: result.summary, text: renderSummary(result.summary), exitCode: result.summary.exitCode };
      } finally {
        progress.stop();
        await listener?.close();
      }
    },
    { config: (opts) => ({ ...signConfig(opts), ...storeConfig(opts) }) },
  );
}
