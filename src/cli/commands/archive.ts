import path from 'node:path';
import type { Command } from 'commander';
import type { Define, Opts } from '../main.js';
import type { CliContext } from '../context.js';
import { UnitTree } from '../../domain/units.js';
import { ExitCode, UsageError } from '../../errors.js';
import { formatDateTime, getLang, say, t } from '../../i18n/index.js';
import type { ArchiveInput } from '../../stages/archive/index.js';
import { progressBar } from '../archive-progress.js';
import { addRetentionOptions, addStoreOptions, storeConfig } from './store-options.js';

export function registerArchive(program: Command, define: Define): void {
  const archive = program.command('archive').description(t('archive.description'));

  define(
    addRetentionOptions(addStoreOptions(archive.command('put')))
      .argument('<files...>', t('archive.arg.files'))
      .requiredOption('--dossier <code>', t('archive.opt.dossier'))
      .option('--unit <code>', t('archive.opt.unit'))
      .option('--part <part>', t('archive.opt.part'), 'ho-so')
      .option('--year <year>', t('archive.opt.year'))
      .option('--doc-type <type>', t('archive.opt.docType'))
      .option('--id <uid>', t('archive.opt.id'))
      .description(t('archive.put.description'))
      .addHelpText('after', `\n${t('archive.help.example')}\n  $ sohoa archive put signed/*.pdf --dossier H59.22-240101-0001 --unit 84001 --part ket-qua --year 2024`),
    (ctx, files, opts) => archivePut(ctx, files, opts),
    { config: storeConfig },
  );

  define(
    addStoreOptions(archive.command('cleanup'))
      .option('--older-than <hours>', t('archive.opt.olderThan'), '24')
      .option('--dry-run', t('archive.opt.dryRun'))
      .description(t('archive.cleanup.description'))
      .addHelpText('after', `\n${t('archive.help.example')}\n  $ sohoa archive cleanup --archive s3://records/tra-vinh --older-than 12`),
    (ctx, _args, opts) => archiveCleanup(ctx, opts),
    { config: storeConfig },
  );
}

async function archivePut(ctx: CliContext, files: string[], opts: Opts) {
  const part = opts.part as string;
  if (part !== 'ho-so' && part !== 'ket-qua') throw new UsageError(`Expected --part ho-so or ket-qua, got "${part}"`, { key: 'archive.badPart', params: { part } });
  if (opts.id && files.length > 1) throw new UsageError(`Expected one file with --id, got ${files.length}`, { key: 'archive.oneWithId', params: { n: files.length } });
  const year = String(opts.year ?? new Date().getFullYear());
  if (!/^\d{4}$/.test(year)) throw new UsageError(`Expected a four-digit --year, got "${year}"`, { key: 'archive.badYear', params: { year } });
  const catalog = ctx.catalog();
  // Loaded on use: the AWS SDK is heavy, and other commands should not pay for it at start-up.
  const { archiveDocuments, openObjectStore } = await import('../../stages/archive/index.js');
  const store = openObjectStore(undefined, ctx.config);
  try {
    // Fail at once, with a clear message, when retention is asked of a store that cannot keep it.
    if (ctx.config.retention?.mode || ctx.config.retention?.days) await store.assertRetentionSupported();
    const inputs: ArchiveInput[] = files.map((f) => ({
      uid: (opts.id as string | undefined) ?? path.basename(f).replace(/\.pdf$/i, ''),
      dossierCode: opts.dossier as string,
      unitCode: (opts.unit as string | undefined) ?? null,
      part,
      year,
      docType: (opts.docType as string | undefined) ?? null,
      pdfPath: f,
      metadata: {},
      pageCount: null,
      ocrConfidence: null,
      signature: null,
      sources: [],
    }));
    const units = new UnitTree(catalog.units.all());
    const unit = opts.unit ? units.findByCode(opts.unit as string, `${year}-07-01`) : undefined;
    // The dossier must exist for the archive to count in the reports.
    catalog.dossiers.ensureFromScan(opts.dossier as string, unit?.id ?? null, (opts.unit as string | undefined) ?? '', null);
    const bar = progressBar(ctx, t('archive.progress'));
    const res = await archiveDocuments(
      {
        store,
        catalog,
        units,
        keyTemplate: ctx.config.archiveKeyTemplate,
        retention: ctx.config.retention,
        signal: ctx.signal,
      },
      inputs,
      { concurrency: ctx.config.s3.ioConcurrency, onProgress: (p) => bar.tick(p.done, p.total, p.uid) },
    );
    bar.stop();
    // Outside the pipeline, the files given are the dossier part: it counts once they are all in.
    if (res.results.length > 0) {
      catalog.transaction(() => {
        catalog.dossiers.markArchived(opts.dossier as string);
        if (res.failures.length === 0) catalog.dossiers.markDigitized(opts.dossier as string, part);
      });
    }
    // JSON log lines keep the English message (log collectors match one text); text lines follow the run language.
    const jsonLog = ctx.config.logFormat === 'json';
    for (const f of res.failures) {
      const hint = jsonLog || !f.error.hintKey ? f.error.hint : t(f.error.hintKey, f.error.hintParams);
      ctx.log.error(`${f.uid}: ${jsonLog ? f.error.message : say(f.error)}`, hint ? { hint } : undefined);
    }
    const lines = res.results.map((r) => t(r.status === 'uploaded' ? 'archive.uploaded' : 'archive.already', { key: r.key, sha256: r.sha256, verifiedBy: r.verifiedBy }));
    lines.push(t('archive.summary', { uploaded: res.uploaded, already: res.alreadyArchived, failed: res.failures.length, store: store.url }));
    const exitCode = res.failures.length ? (res.failures[0]!.error.exitCode as ExitCode) : ExitCode.Ok;
    return {
      data: { store: store.url, ...res, failures: res.failures.map((f) => ({ uid: f.uid, message: f.error.message, exitCode: f.error.exitCode })) },
      text: lines.join('\n'),
      exitCode,
    };
  } finally {
    store.close();
  }
}

export async function archiveCleanup(ctx: CliContext, opts: Opts) {
  const hours = Number(opts.olderThan);
  if (!Number.isFinite(hours) || hours < 0) {
    const value = String(opts.olderThan);
    throw new UsageError(`Expected a number of hours for --older-than, got "${value}"`, { key: 'archive.badOlderThan', params: { value } });
  }
  const { cleanupIncompleteUploads, openObjectStore } = await import('../../stages/archive/index.js');
  const store = openObjectStore(undefined, ctx.config);
  try {
    const res = await cleanupIncompleteUploads(store, { olderThanHours: hours, dryRun: Boolean(opts.dryRun) });
    const verb = t(opts.dryRun ? 'archive.cleanup.wouldAbort' : 'archive.cleanup.aborted');
    const lines = [
      ...res.aborted.map((u) => t('archive.cleanup.line', { verb, key: u.key, uploadId: u.uploadId, started: u.initiated ? formatDateTime(u.initiated.toISOString(), getLang()) : '?' })),
      ...res.failed.map((u) => t('archive.cleanup.failed', { key: u.key, message: u.message })),
      t('archive.cleanup.summary', { found: res.found, store: store.url, aborted: res.aborted.length, verb, kept: res.kept.length, hours, failed: res.failed.length }),
    ];
    return { data: { store: store.url, ...res }, text: lines.join('\n'), exitCode: res.failed.length ? ExitCode.Storage : ExitCode.Ok };
  } finally {
    store.close();
  }
}

