import { Option, type Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { t } from '../../i18n/index.js';
import { InterruptedError, UsageError } from '../../errors.js';
import { formatTable } from '../../report/text-table.js';
import { parsePositiveInt, type CliContext } from '../context.js';
import type { SqlDb } from '../../adapters/sql/db.js';
import path from 'node:path';

/**
 * `sohoa catalog copy --from sqlite:PATH --to postgres://…`: an office that started standalone joins the
 * province; `--from postgres://…` moves or merges a shared catalog into another server.
 */
export function registerCatalogCopy(catalog: Command, define: Define): void {
  define(
    catalog
      .command('copy')
      .requiredOption('--from <url>', t('cmd.catalogCopy.from'))
      .option('--to <url>', t('cmd.catalogCopy.to'))
      .addOption(new Option('--batch <n>', t('cmd.catalogCopy.batch')).default(100).argParser((v) => parsePositiveInt(v, '--batch')))
      .description(t('cmd.catalogCopy.description'))
      .addHelpText('after', helpAfter(['sohoa catalog copy --from sqlite:.sohoa --to postgres://sohoa@db.tinh.vn:5432/sohoa', 'sohoa catalog copy --from postgres://sohoa@db-cu.tinh.vn/sohoa --to postgres://sohoa@db-moi.tinh.vn/sohoa'])),
    async (ctx, _args, opts) => {
      const { parseCatalogUrl, openSource, openTarget } = await import('../../adapters/sql/copy/endpoints.js');
      const { copyCatalog } = await import('../../adapters/sql/copy/index.js');
      const to = (opts.to as string | undefined) ?? ctx.config.catalog.url;
      if (!to) throw new UsageError('Expected --to postgres://… (or catalog.url in the config), got none', { key: 'catalogCopy.noTarget' });
      const from = parseCatalogUrl(opts.from as string, '--from');
      const into = parseCatalogUrl(to, '--to');
      if (from.kind === into.kind && from.where === into.where) {
        throw new UsageError(`The source and the target are the same catalog (${from.where})`, { key: 'catalogCopy.same', params: { name: from.where } });
      }
      const passwordFile = ctx.config.catalog.passwordFile;
      const source = openSource(from, passwordFile);
      ctx.onDispose(() => source.close());
      const target = openTarget(into, passwordFile);
      ctx.onDispose(() => target.close());
      const res = copyCatalog(
        source.db,
        target.db,
        {
          batchSize: opts.batch as number,
          targetSearch: target.search,
          // Between batches only: the one being written commits or rolls back whole.
          onBatch: (step, n) => {
            if (ctx.signal.aborted) throw new InterruptedError();
            ctx.log.debug(`catalog copy: batch ${n} (${step})`, { step, batch: n });
          },
        },
        { source: source.name, target: target.name },
      );
      const staging = res.unfinished && into.kind === 'postgres' && from.kind === 'sqlite' ? await stageOriginals(ctx, source.db, from.where, to) : undefined;
      // From a shared catalog the unfinished documents' originals are staged already (its workers read them there).
      const unfinished = from.kind === 'postgres' ? t('catalogCopy.unfinishedShared', { n: res.unfinished }) : t('catalogCopy.unfinished', { n: res.unfinished });
      const warnings = res.unfinished && !staging ? [unfinished] : [];
      for (const u of staging?.unavailable ?? []) warnings.push(t('catalogCopy.originalUnavailable', { path: u.path, reason: u.reason }));
      const rows = Object.entries(res.tables).map(([table, c]) => [table, String(c.copied), String(c.existing), String(c.updated)]);
      return {
        data: { from: source.name, to: target.name, ...res, ...(staging ? { originals: staging } : {}) },
        warnings,
        text: [
          t('catalogCopy.title', { source: source.name, target: target.name, version: res.schemaVersion, batches: res.batches }),
          formatTable([t('catalogCopy.table'), t('catalogCopy.copied'), t('catalogCopy.existing'), t('catalogCopy.updated')], rows),
          res.searchIndexed === null ? t('catalogCopy.reindex') : t('catalogCopy.indexed', { n: res.searchIndexed }),
          ...(staging ? [t('catalogCopy.staged', { staged: staging.staged, already: staging.already })] : []),
        ].join('\n'),
      };
    },
  );
}

/**
 * The unfinished documents' originals, from the office's workspace (beside its catalog file) to
 * the staging area every worker reads, when the province stages originals (the default with a
 * shared catalog).
 */
async function stageOriginals(ctx: CliContext, sourceDb: SqlDb, sourceFile: string, target: string) {
  const { originalsStoreKind, openOriginals, workspaceOriginals } = await import('../../adapters/originals/index.js');
  const cfg = { ...ctx.config, catalog: { ...ctx.config.catalog, url: target } };
  if (originalsStoreKind(cfg) !== 'object-store') return undefined;
  const [{ SqlDocumentStore }, { stageUnfinishedOriginals }] = await Promise.all([
    import('../../adapters/sql/documents.js'),
    import('../../stages/originals/stage-copied.js'),
  ]);
  const opened = openOriginals(cfg);
  try {
    return await stageUnfinishedOriginals(new SqlDocumentStore(sourceDb), workspaceOriginals(path.dirname(sourceFile)), opened.originals);
  } finally {
    opened.close();
  }
}
