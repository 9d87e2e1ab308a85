import { Option, type Command } from 'commander';
import type { Define } from '../main.js';
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
      for (const r of res.rejected) ctx.log.warn(`Rejected ${r.file} (${r.reason}): ${r.message}${r.hint ? ` — ${r.hint}` : ''}`);
      for (const w of res.waiting) ctx.log.info(`Left for the next run: ${w.file} (${w.reason})`);
      for (const w of res.warnings) ctx.log.warn(w);
      for (const v of res.versions) ctx.log.warn(`New version ${v.version} of ${v.previous}: ${v.files.join(', ')} changed after it was ingested; both versions are kept and processed (${v.document})`);
      for (const d of res.shared) ctx.log.info(`Same bytes: ${d.file} = ${d.sameAs} (stored once, both kept)`);
      for (const i of res.ignored) ctx.log.warn(`Ignored ${i.file}: ${i.reason}`);
      const lines = [
        ...res.registered.map((d) => `registered  ${d.dossierCode}/${d.part}/${d.name}: ${d.files.length} file(s), ${d.pages} page(s)${d.version > 1 ? `, version ${d.version}` : ''}`),
        ...res.rejected.map((r) => `rejected    ${r.file} (${r.reason}): ${r.message}`),
        ...res.shared.map((d) => `same bytes  ${d.file} = ${d.sameAs}`),
        ...res.waiting.map((w) => `waiting     ${w.file}: ${w.reason}`),
        `${res.registered.length} document(s) registered, ${res.rejected.length} rejected, ${res.versions.length} new version(s), ${res.shared.length} file(s) sharing bytes, ${res.waiting.length} file(s) left for the next run, ${res.unchanged} unchanged.`,
      ];
      return { data: res, text: lines.join('\n'), exitCode: res.rejected.length ? ExitCode.Rejected : ExitCode.Ok };
    },
    { config: (opts) => ({ ocr: { settleSeconds: opts.settleSeconds } }) },
  );
}
