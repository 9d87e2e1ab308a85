import { Option, type Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { addSigningOptions, signConfig } from '../signing-options.js';
import { addStoreOptions, addRetentionOptions, storeConfig } from './store-options.js';
import { parseSteps, STEP_NAMES } from '../../pipeline/steps.js';
import { parseDuration } from '../../pipeline/duration.js';
import { UsageError } from '../../errors.js';
import { renderSummary } from '../summary.js';
import { t } from '../../i18n/index.js';
import { parsePositiveInt } from '../context.js';
import { LEVELS } from '../../stages/sign/levels.js';

export function registerRun(program: Command, define: Define): void {
  const cmd = program
    .command('run')
    .argument('[inbox]', t('cmd.run.inbox'))
    .description(t('cmd.run.description'))
    .option('--max-duration <d>', t('cmd.run.maxDuration'))
    .addOption(new Option('--limit <n>', t('cmd.run.limit')).argParser((v) => parsePositiveInt(v, '--limit')))
    .option('--stages <list>', t('cmd.run.stages', { steps: STEP_NAMES.join(',') }))
    .option('--dry-run', t('cmd.run.dryRun'))
    .addOption(new Option('--settle-seconds <s>', t('cmd.run.settle')).argParser(Number))
    .addOption(new Option('--level <level>', t('cmd.run.level')).choices([...LEVELS]));
  addSigningOptions(cmd);
  addStoreOptions(cmd);
  addRetentionOptions(cmd);
  cmd.addHelpText(
    'after',
    helpAfter(
      [
        'sohoa run /srv/scans/inbox --p12 agency.p12 --passphrase-env P12_PASS --agency "UBND xã Long Đức"',
        'sohoa --archive s3://archive/tra-vinh --s3-endpoint http://minio:9000 run --max-duration 6h',
        'sohoa run --stages ocr,classify --dry-run',
      ],
      t('cmd.run.more'),
    ),
  );
  define(
    cmd,
    async (ctx, [inbox], opts) => {
      // A bad --stages is a UsageError with its catalogue key (exit 1).
      const steps = parseSteps(opts.stages as string | undefined);
      // Loaded on use: the stages pull in tesseract.js, sharp, pdf.js and the AWS SDK.
      const { runPipeline } = await import('../../pipeline/run.js');
      const { createProgress } = await import('../progress.js');
      const progress = createProgress({ stream: ctx.streams.stderr, json: ctx.config.logFormat === 'json', text: ctx.config.logFormat === 'text', tty: ctx.isTTY, quiet: ctx.globals.quiet });
      try {
        const result = await runPipeline({
          catalog: ctx.catalog(),
          config: ctx.config,
          inbox,
          steps,
          cpuConcurrency: ctx.cpuConcurrency(),
          limit: opts.limit as number | undefined,
          maxDurationMs: opts.maxDuration ? parseDuration(String(opts.maxDuration)) : undefined,
          dryRun: Boolean(opts.dryRun),
          signal: ctx.signal,
          events: progress,
        });
        if ('dryRun' in result) {
          const lines = result.documents.map((d) => t('run.dryDocument', { uid: d.uid, name: d.name, stage: d.stage, next: d.next.join(' → ') }));
          const i = result.ingest;
          if (i) {
            lines.push(t('run.dryInbox', { wouldRegister: i.wouldRegister, newFiles: i.newFiles, unchanged: i.unchanged }));
            if (i.unsettled.length) lines.push(t('run.dryUnsettled', { n: i.unsettled.length, files: i.unsettled.map((u) => u.file).join(', ') }));
            if (i.ignored.length) lines.push(t('run.dryIgnored', { n: i.ignored.length, files: i.ignored.map((u) => `${u.file} (${u.reason})`).join(', ') }));
          }
          return { data: result, text: [...lines, t('run.dryTotal', { n: result.documents.length })].join('\n') };
        }
        return { data: result.summary, text: renderSummary(result.summary), exitCode: result.summary.exitCode };
      } finally {
        progress.stop();
      }
    },
    {
      config: (opts) => ({
        ...withLevel(signConfig(opts), opts.level as string | undefined),
        ...storeConfig(opts),
        ...(opts.settleSeconds !== undefined ? { ocr: { settleSeconds: opts.settleSeconds } } : {}),
      }),
    },
  );
}

function withLevel(cfg: Record<string, unknown>, level: string | undefined): Record<string, unknown> {
  if (level === undefined) return cfg;
  return { ...cfg, sign: { ...((cfg.sign as Record<string, unknown> | undefined) ?? {}), level } };
}
