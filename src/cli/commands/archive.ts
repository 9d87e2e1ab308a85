import path from 'node:path';
import type { Command } from 'commander';
import type { Define, Opts } from '../main.js';
import type { CliContext } from '../context.js';
import { UnitTree } from '../../domain/units.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { ArchiveInput } from '../../stages/archive/index.js';
import { progressBar } from '../archive-progress.js';
import { addRetentionOptions, addStoreOptions, storeConfig } from './store-options.js';

export function registerArchive(program: Command, define: Define): void {
  const archive = program.command('archive').description('write signed PDFs to the archive (S3 or a folder); clean up failed uploads');

  define(
    addRetentionOptions(addStoreOptions(archive.command('put')))
      .argument('<files...>', 'signed PDF files')
      .requiredOption('--dossier <code>', 'dossier code')
      .option('--unit <code>', 'GSO code of the receiving unit')
      .option('--part <part>', 'ho-so (components) or ket-qua (result)', 'ho-so')
      .option('--year <year>', 'year for the key (default: this year)')
      .option('--doc-type <type>', 'document type id (for per-type retention)')
      .option('--id <uid>', 'document id for a single file (default: the file name without .pdf)')
      .description('archive PDFs directly (outside the pipeline), with a sidecar and a catalog record')
      .addHelpText('after', '\nExample:\n  $ sohoa archive put signed/*.pdf --dossier H59.22-240101-0001 --unit 84001 --part ket-qua --year 2024'),
    (ctx, files, opts) => archivePut(ctx, files, opts),
    { config: storeConfig },
  );

  define(
    addStoreOptions(archive.command('cleanup'))
      .option('--older-than <hours>', 'only uploads started at least this many hours ago', '24')
      .option('--dry-run', 'list them, abort nothing')
      .description('list and abort stale multipart uploads under the archive prefix (S3)')
      .addHelpText('after', '\nExample:\n  $ sohoa archive cleanup --archive s3://records/tra-vinh --older-than 12'),
    (ctx, _args, opts) => archiveCleanup(ctx, opts),
    { config: storeConfig },
  );
}

async function archivePut(ctx: CliContext, files: string[], opts: Opts) {
  const part = opts.part as string;
  if (part !== 'ho-so' && part !== 'ket-qua') throw new UsageError(`Expected --part ho-so or ket-qua, got "${part}"`);
  if (opts.id && files.length > 1) throw new UsageError(`Expected one file with --id, got ${files.length}`);
  const year = String(opts.year ?? new Date().getFullYear());
  if (!/^\d{4}$/.test(year)) throw new UsageError(`Expected a four-digit --year, got "${year}"`);
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
    const bar = progressBar(ctx, 'archive');
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
    for (const f of res.failures) ctx.log.error(`${f.uid}: ${f.error.message}`, f.error.hint ? { hint: f.error.hint } : undefined);
    const lines = res.results.map((r) => `${r.status === 'uploaded' ? 'uploaded' : 'already archived'}  ${r.key}  sha256 ${r.sha256}  (${r.verifiedBy})`);
    lines.push(`${res.uploaded} uploaded, ${res.alreadyArchived} already archived, ${res.failures.length} failed, to ${store.url}`);
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
  if (!Number.isFinite(hours) || hours < 0) throw new UsageError(`Expected a number of hours for --older-than, got "${String(opts.olderThan)}"`);
  const { cleanupIncompleteUploads, openObjectStore } = await import('../../stages/archive/index.js');
  const store = openObjectStore(undefined, ctx.config);
  try {
    const res = await cleanupIncompleteUploads(store, { olderThanHours: hours, dryRun: Boolean(opts.dryRun) });
    const verb = opts.dryRun ? 'would abort' : 'aborted';
    const lines = [
      ...res.aborted.map((u) => `${verb}  ${u.key}  (upload ${u.uploadId}, started ${u.initiated?.toISOString() ?? '?'})`),
      ...res.failed.map((u) => `failed   ${u.key}: ${u.message}`),
      `${res.found} incomplete upload(s) under ${store.url}: ${res.aborted.length} ${verb}, ${res.kept.length} younger than ${hours} h kept, ${res.failed.length} failed`,
    ];
    return { data: { store: store.url, ...res }, text: lines.join('\n'), exitCode: res.failed.length ? ExitCode.Storage : ExitCode.Ok };
  } finally {
    store.close();
  }
}

