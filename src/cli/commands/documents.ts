import type { Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { t } from '../../i18n/index.js';

/**
 * The `documents` command group, created once: `retry` and `skip` here, `list` and `show` in
 * documents-find.ts (`registerDocumentsFind(documentsGroup(program), define)`), in any order.
 */
export function documentsGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'documents') ??
    program.command('documents').description(t('cmd.documents.description'))
  );
}

export function registerDocuments(program: Command, define: Define): void {
  const documents = documentsGroup(program);

  define(
    documents
      .command('retry')
      .argument('<doc>', t('cmd.docArg'))
      .description(t('cmd.documents.retry.description'))
      .addHelpText('after', helpAfter(['sohoa documents retry hs-1-ho-so-don-3f2a9c01de'], undefined, t('cmd.documents.retry.example'))),
    async (ctx, [doc]) => {
      const { retryDocument } = await import('../../pipeline/decide.js');
      const d = retryDocument(ctx.catalog(), doc!);
      return { data: d, text: t('documents.retried', { id: d.id, document: d.document, before: d.before, reason: d.reason ? ` (${d.reason})` : '', stage: d.stage }) };
    },
  );

  define(
    documents
      .command('skip')
      .argument('<doc>', t('cmd.docArg'))
      .option('--note <text>', t('cmd.documents.skip.note'))
      .description(t('cmd.documents.skip.description'))
      .addHelpText('after', helpAfter(['sohoa documents skip 42 --note "withdrawn by the citizen"'], undefined, t('cmd.documents.skip.example'))),
    async (ctx, [doc], opts) => {
      const { skipDocument } = await import('../../pipeline/decide.js');
      const d = skipDocument(ctx.catalog(), doc!, opts.note as string | undefined);
      return { data: d, text: t('documents.skipped', { id: d.id, document: d.document, before: d.before }) };
    },
  );
}
