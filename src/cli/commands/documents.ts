import type { Command } from 'commander';
import type { Define } from '../main.js';
import { t } from '../../i18n/index.js';

/**
 * The `documents` command group, created once: `retry` and `skip` here, `list` and `show` in
 * documents-find.ts (`registerDocumentsFind(documentsGroup(program), define)`), in any order.
 */
export function documentsGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'documents') ??
    program.command('documents').description('decide about single documents: retry or skip a rejected one')
  );
}

export function registerDocuments(program: Command, define: Define): void {
  const documents = documentsGroup(program);

  define(
    documents
      .command('retry')
      .argument('<doc>', 'document id or uid')
      .description('put a rejected or skipped document back in the queue; the next run resumes it')
      .addHelpText('after', '\nExample (after restoring a vanished scan, or importing its unit):\n  $ sohoa documents retry hs-1-ho-so-don-3f2a9c01de'),
    async (ctx, [doc]) => {
      const { retryDocument } = await import('../../pipeline/decide.js');
      const d = retryDocument(ctx.catalog(), doc!);
      return { data: d, text: t('documents.retried', { id: d.id, document: d.document, before: d.before, reason: d.reason ? ` (${d.reason})` : '', stage: d.stage }) };
    },
  );

  define(
    documents
      .command('skip')
      .argument('<doc>', 'document id or uid')
      .option('--note <text>', 'why (kept in the catalog)')
      .description('set a document aside: it is not processed, and stays listed as skipped until retried')
      .addHelpText('after', '\nExample (a scan that was deleted for good):\n  $ sohoa documents skip 42 --note "withdrawn by the citizen"'),
    async (ctx, [doc], opts) => {
      const { skipDocument } = await import('../../pipeline/decide.js');
      const d = skipDocument(ctx.catalog(), doc!, opts.note as string | undefined);
      return { data: d, text: t('documents.skipped', { id: d.id, document: d.document, before: d.before }) };
    },
  );
}
