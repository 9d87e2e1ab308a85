import type { Command } from 'commander';
import type { Define } from '../main.js';
import { UsageError, toSohoaError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { recordText } from '../../domain/search-text.js';
import { formatTable } from '../../report/text-table.js';
import { loadRules } from '../../stages/classify/rules.js';

const pct = (x: number | null) => (x === null ? '' : `${Math.round(x * 100)}%`);

export function registerReview(program: Command, define: Define): void {
  const review = program.command('review').description('human review of document types (a decision here always wins)');

  define(
    review
      .command('list')
      .option('--limit <n>', 'at most this many documents', '1000')
      .option('--decided', 'list the decisions already made instead')
      .description('documents held before signing: low type or OCR confidence, blank pages, unreadable fields')
      .addHelpText('after', '\nExamples:\n  $ sohoa review list\n  $ sohoa review list --decided --json'),
    async (ctx, _args, opts) => {
      const store = ctx.catalog().classifications;
      if (opts.decided) {
        const decided = store.reviews();
        return {
          data: decided,
          text:
            formatTable(
              ['document', 'type', 'machine said', 'reviewer', 'decided at'],
              decided.map((r) => [String(r.documentId), r.type, r.machineType ? `${r.machineType} ${pct(r.machineConfidence)}` : '', r.reviewer ?? '', r.decidedAt]),
            ) + `\n${decided.length} decision(s)`,
        };
      }
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`Expected a positive whole number for --limit, got "${String(opts.limit)}"`);
      const list = ctx.catalog().review.queue(limit);
      return {
        data: list,
        text:
          formatTable(
            ['id', 'uid', 'name', 'type', 'confidence', 'why'],
            list.map((d) => [String(d.documentId), d.uid, d.name, d.type ?? '', pct(d.confidence), d.reasons.join('; ')]),
          ) + `\n${list.length} document(s) wait for review. Decide with: sohoa review accept DOC, or sohoa review set DOC TYPE`,
      };
    },
  );

  define(
    review
      .command('set')
      .argument('<doc>', 'document id or uid')
      .argument('<type>', 'type id, e.g. quyet-dinh')
      .option('--reviewer <name>', 'who decided (kept in the catalog, never logged)')
      .option('--note <text>', 'why')
      .description('record a human decision on the type of a document')
      .addHelpText('after', '\nExample:\n  $ sohoa review set 42 giay-xac-nhan --reviewer "Văn thư"'),
    async (ctx, [doc, type], opts) => {
      const known = loadRules(ctx.config.classify.rules).map((t) => t.id);
      if (!known.includes(type!)) {
        throw new UsageError(`Expected a document type id for TYPE, got "${type}"`, { hint: `Known types: ${known.join(', ')}` });
      }
      const who = { reviewer: opts.reviewer as string | undefined, note: opts.note as string | undefined };
      const catalog = ctx.catalog();
      const res = catalog.transaction(() => {
        const r = catalog.classifications.setReview(doc!, type!, who);
        catalog.review.release(r.documentId, 'set', who);
        catalog.search.indexRecord(r.documentId, recordText({ name: r.name, dossierCode: r.dossierCode, type: r.type, metadata: r.metadata }));
        return r;
      });
      const was = res.machine ? ` (the classifier said ${res.machine.type} ${pct(res.machine.confidence)})` : '';
      const after = await afterDecision(ctx, res.uid);
      return { data: { ...res, ...after.data }, text: `Document ${res.documentId} (${res.uid}) is now ${res.type}${was}.${after.text}` };
    },
  );

  define(
    review
      .command('accept')
      .argument('<doc>', 'document id or uid')
      .option('--reviewer <name>', 'who decided (kept in the catalog, never logged)')
      .option('--note <text>', 'why')
      .description("keep the machine's reading of a held document and let it go on to signing")
      .addHelpText('after', '\nExample:\n  $ sohoa review accept 42 --note "checked against the paper"'),
    async (ctx, [doc], opts) => {
      const who = { reviewer: opts.reviewer as string | undefined, note: opts.note as string | undefined };
      const res = ctx.catalog().review.release(doc!, 'accept', who);
      const cls = ctx.catalog().classifications.get(res.documentId);
      const after = await afterDecision(ctx, res.uid);
      return { data: { ...res, type: cls?.type ?? null, ...after.data }, text: `Document ${res.documentId} (${res.uid}) accepted as ${cls?.type ?? '?'}.${after.text}` };
    },
  );
  registerReviewOcr(review, define);
}

/** `review ocr DOC`: a held document goes back to OCR at the next run. */
export function registerReviewOcr(review: Command, define: Define): void {
  define(
    review
      .command('ocr')
      .argument('<doc>', 'document id or uid')
      .description('send a held document back to OCR at the next run (after rescanning, or with other OCR settings)')
      .addHelpText('after', '\nExample:\n  $ sohoa review ocr 42 && sohoa run --settle-seconds 0'),
    async (ctx, [doc]) => {
      const res = ctx.catalog().review.sendBack(doc!);
      return { data: res, text: `Document ${res.documentId} (${res.uid}) goes back to OCR at the next \`sohoa run\`.` };
    },
  );
}

/**
 * After a decision: a held document goes on at the next run; an archived one gets its new
 * sidecar version now (or, if the archive cannot be reached, at the next run).
 */
async function afterDecision(ctx: CliContext, uid: string): Promise<{ data: Record<string, unknown>; text: string }> {
  const catalog = ctx.catalog();
  const pendingDoc = catalog.review.outdatedSidecars().find((d) => d.uid === uid);
  if (!pendingDoc) return { data: { next: 'next-run' }, text: ' It goes on to signing and archiving at the next `sohoa run`.' };
  const { openObjectStore } = await import('../../stages/archive/index.js');
  const { writeSidecarVersion } = await import('../../stages/archive/sidecar-version.js');
  const { typeNames } = await import('../../pipeline/run.js');
  try {
    const store = openObjectStore(ctx.config.archive, ctx.config);
    const v = await writeSidecarVersion({ store, catalog }, pendingDoc, pendingDoc.type ? typeNames(ctx.config).get(pendingDoc.type) : undefined);
    return { data: { sidecar: v }, text: ` It was already archived: sidecar version ${v.version} written at ${v.key} (earlier versions kept).` };
  } catch (err) {
    const e = toSohoaError(err);
    ctx.log.warn(`The new sidecar version of ${uid} could not be written now: ${e.message}`);
    return { data: { next: 'sidecar-at-next-run', error: e.message }, text: ' It was already archived; its new sidecar version will be written at the next `sohoa run`.' };
  }
}
