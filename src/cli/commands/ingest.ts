import { Option, type Command } from 'commander';
import type { Define } from '../main.js';
import { say, t } from '../../i18n/index.js';
import { ExitCode, UsageError } from '../../errors.js';

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`Expected a number of seconds (0 or more) for --settle-seconds, got "${v}"`);
  return n;
}

export function registerIngest(program: Command, define: Define): void {
  define(
    program
      .command('ingest')
      .argument('<inbox>', 'INBOX/<unit_code>/<dossier_code>/<ho-so|ket-qua>/<files>, or with a manifest.csv')
      .addOption(new Option('--settle-seconds <s>', 'leave files modified more recently than this for the next run (default 30)').argParser(seconds))
      .option('--manifest <file>', 'manifest.csv (file,unit_code,dossier_code,kind,document); default INBOX/manifest.csv if present')
      .description('register scans in the catalog (read-only: inputs are never modified)')
      .addHelpText(
        'after',
        '\nPages named <name>_p1.jpg, <name>_p2.jpg … in one folder form one document.\n\nExample:\n  $ sohoa ingest /srv/scans/inbox --settle-seconds 60',
      ),
    async (ctx, [inbox], opts) => {
      const { ingestInbox } = await import('../../stages/ingest/index.js');
      const { workspaceOriginals } = await import('../../adapters/originals/index.js');
      const res = await ingestInbox(ctx.catalog(), inbox!, {
        originals: workspaceOriginals(ctx.config.workspace),
        manifest: opts.manifest as string | undefined,
        settleSeconds: ctx.config.ocr.settleSeconds,
        signal: ctx.signal,
      });
      for (const r of res.rejected) ctx.log.warn(t('ingest.rejectedLog', { file: r.file, reason: r.reason, message: say(r), hint: r.hint ? ` — ${r.hintKey ? t(r.hintKey, r.hintParams) : r.hint}` : '' }));
      for (const w of res.waiting) ctx.log.info(t('ingest.waitingLog', { file: w.file, reason: w.reason }));
      for (const w of res.warnings) ctx.log.warn(w);
      for (const v of res.versions) ctx.log.warn(t('ingest.versionLog', { version: v.version, previous: v.previous, files: v.files.join(', '), document: v.document }));
      for (const d of res.shared) ctx.log.info(t('ingest.sharedLog', { file: d.file, sameAs: d.sameAs }));
      for (const i of res.ignored) ctx.log.warn(t('ingest.ignoredLog', { file: i.file, reason: i.reason }));
      const lines = [
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
