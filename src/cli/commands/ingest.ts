import { Option, type Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { say, t } from '../../i18n/index.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';
import type { CommandOutput } from '../output.js';
import type { IngestResult } from '../../stages/ingest/index.js';
import { saidWarning } from '../../stages/ingest/warnings.js';

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`Expected a number of seconds (0 or more) for --settle-seconds, got "${v}"`, { key: 'cmd.badSeconds', params: { value: v } });
  return n;
}

export function registerIngest(program: Command, define: Define): void {
  define(
    program
      .command('ingest')
      .argument('<inbox>', t('cmd.ingest.inbox'))
      .addOption(new Option('--settle-seconds <s>', t('cmd.ingest.settle')).argParser(seconds))
      .option('--watch', t('cmd.ingest.watch'))
      .addOption(new Option('--interval <s>', t('cmd.ingest.interval')).argParser(seconds))
      .option('--manifest <file>', t('cmd.ingest.manifest'))
      .description(t('cmd.ingest.description'))
      .addHelpText('after', helpAfter(['sohoa ingest /srv/scans/inbox --settle-seconds 60', 'sohoa ingest --watch /srv/scans/inbox'], t('cmd.ingest.more'))),
    async (ctx, [inbox], opts) => {
      const { ingestInbox } = await import('../../stages/ingest/index.js');
      const { openOriginals } = await import('../../adapters/originals/index.js');
      // Workspace folder, or staged in the archive's object store for workers elsewhere (originals.store).
      const opened = openOriginals(ctx.config);
      const once = () =>
        ingestInbox(ctx.catalog(), inbox!, {
          originals: opened.originals,
          manifest: opts.manifest as string | undefined,
          settleSeconds: ctx.config.ocr.settleSeconds,
          scan: ctx.config.scan,
          signal: ctx.signal,
        });
      let res: IngestResult;
      try {
        if (opts.watch) return await watch(ctx, inbox!, once, (opts.interval as number | undefined) ?? 5);
        res = await once();
      } finally {
        opened.close();
      }
      logPass(ctx, res);
      const lines = [
        ...res.stacks.map((s) => t('scan.stackLine', { file: s.file, filed: s.filed.length, dossiers: s.dossiers.join(', ') || t('scan.noDossier'), held: s.held.length, dropped: s.dropped.length })),
        ...res.registered.map((d) =>
          t('ingest.registeredLine', { path: `${d.dossierCode}/${d.part}/${d.name}`, files: d.files.length, pages: d.pages, version: d.version > 1 ? t('ingest.versionSuffix', { version: d.version }) : '' }),
        ),
        ...res.rejected.map((r) => t('ingest.rejectedLine', { file: r.file, reason: r.reason, message: say(r) })),
        ...res.shared.map((d) => t('ingest.sharedLine', { file: d.file, sameAs: d.sameAs })),
        ...res.waiting.map((w) => t('ingest.waitingLine', { file: w.file, reason: w.reason })),
        t('ingest.total', { registered: res.registered.length, rejected: res.rejected.length, versions: res.versions.length, shared: res.shared.length, waiting: res.waiting.length, unchanged: res.unchanged }),
      ];
      return { data: res, text: lines.join('\n'), exitCode: res.rejected.length ? ExitCode.Rejected : ExitCode.Ok };
    },
    { config: (opts) => ({ ocr: { settleSeconds: opts.settleSeconds } }) },
  );
}

function logPass(ctx: CliContext, res: IngestResult): void {
  for (const r of res.rejected) ctx.log.warn(t('ingest.rejectedLog', { file: r.file, reason: r.reason, message: say(r), hint: r.hint ? ` — ${r.hintKey ? t(r.hintKey, r.hintParams) : r.hint}` : '' }));
  for (const w of res.waiting) ctx.log.info(t('ingest.waitingLog', { file: w.file, reason: w.reason }));
  for (const w of res.warnings) ctx.log.warn(say(saidWarning(w)));
  for (const v of res.versions) ctx.log.warn(t('ingest.versionLog', { version: v.version, previous: v.previous, files: v.files.join(', '), document: v.document }));
  for (const d of res.shared) ctx.log.info(t('ingest.sharedLog', { file: d.file, sameAs: d.sameAs }));
  for (const i of res.ignored) ctx.log.warn(t('ingest.ignoredLog', { file: i.file, reason: i.reason }));
  for (const s of res.stacks) for (const d of s.dropped) ctx.log.info(t('scan.droppedLog', { page: d.page, file: s.file, why: d.why, codes: d.codes.length ? `: ${d.codes.join(', ')}` : '' }));
}

/** `--watch`: one pass after another until SIGTERM/SIGINT, which ends it cleanly with exit 0. */
async function watch(ctx: CliContext, inbox: string, once: () => Promise<IngestResult>, intervalSeconds: number): Promise<CommandOutput> {
  const { watchInbox } = await import('../../stages/ingest/watch.js');
  ctx.log.info(t('watch.start', { inbox, seconds: intervalSeconds }));
  const totals = await watchInbox(once, {
    inbox,
    intervalMs: intervalSeconds * 1000,
    signal: ctx.signal,
    onEvent(e) {
      if (e.type === 'inbox-missing') ctx.log.warn(t('watch.inboxMissing', { inbox: e.inbox }));
      else if (e.type === 'inbox-back') ctx.log.info(t('watch.inboxBack', { inbox: e.inbox }));
      else if (e.type === 'pass-failed') ctx.log.warn(t('watch.passFailed', { message: e.message }));
      else {
        // Quiet passes stay quiet: only what changed is logged.
        const r = e.result;
        logPass(ctx, { ...r, ignored: [], waiting: [] });
        for (const d of r.registered) ctx.log.info(t('watch.registered', { path: `${d.dossierCode}/${d.part}/${d.name}`, files: d.files.length, pages: d.pages }));
      }
    },
  });
  return {
    data: { inbox, watch: true, ...totals },
    text: t('watch.stopped', { inbox, passes: totals.passes, registered: totals.registered, rejected: totals.rejected, outages: totals.outages }),
    exitCode: ExitCode.Ok,
  };
}
