import { Option, type Command } from 'commander';
import type { Define } from '../main.js';
import { addSigningOptions, signConfig } from '../signing-options.js';
import { addStoreOptions, addRetentionOptions, storeConfig } from './store-options.js';
import { createProgress } from '../progress.js';
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
    .argument('[inbox]', 'ingest this scanner inbox first')
    .description('process everything pending: OCR, searchable PDF, classify, sign, archive (resumable)')
    .option('--max-duration <d>', 'stop taking new work after this long (e.g. 6h, 90m)')
    .addOption(new Option('--limit <n>', 'process at most N documents').argParser((v) => parsePositiveInt(v, '--limit')))
    .option('--stages <list>', `run only these steps, in order (${STEP_NAMES.join(',')})`)
    .option('--dry-run', 'list what would be done, change nothing')
    .addOption(new Option('--settle-seconds <s>', 'leave files modified more recently than this for the next run').argParser(Number))
    .addOption(new Option('--level <level>', 'PAdES level of the signatures (sign.level): B-T and up need --tsa').choices([...LEVELS]));
  addSigningOptions(cmd);
  addStoreOptions(cmd);
  addRetentionOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Progress: a bar on a terminal; JSON lines on stderr otherwise (or with --log-format json).
Exit codes: 0 ok, 2 some inputs rejected, 3 config, 5 storage, 6 signing, 11 another run holds the lock, 130 interrupted.

Examples:
  $ sohoa run /srv/scans/inbox --p12 agency.p12 --passphrase-env P12_PASS --agency "UBND xã Long Đức"
  $ sohoa --archive s3://archive/tra-vinh --s3-endpoint http://minio:9000 run --max-duration 6h
  $ sohoa run --stages ocr,classify --dry-run`,
  );
  define(
    cmd,
    async (ctx, [inbox], opts) => {
      let steps;
      try {
        steps = parseSteps(opts.stages as string | undefined);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      // Loaded on use: the stages pull in tesseract.js, sharp, pdf.js and the AWS SDK.
      const { runPipeline } = await import('../../pipeline/run.js');
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
