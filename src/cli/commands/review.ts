import type { Command } from 'commander';
import type { Define } from '../main.js';
import { UsageError } from '../../errors.js';
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
      .description('documents whose type confidence is below classify.minConfidence')
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
      const list = store.needingReview(limit);
      return {
        data: list,
        text:
          formatTable(
            ['id', 'uid', 'name', 'type', 'confidence', 'alternatives'],
            list.map((d) => [String(d.documentId), d.uid, d.name, d.type ?? '', pct(d.confidence), d.alternatives.slice(1).map((a) => `${a.type} ${pct(a.confidence)}`).join(', ')]),
          ) + `\n${list.length} document(s) need review. Decide with: sohoa review set DOC TYPE`,
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
      const res = ctx.catalog().classifications.setReview(doc!, type!, { reviewer: opts.reviewer as string | undefined, note: opts.note as string | undefined });
      const was = res.machine ? ` (the classifier said ${res.machine.type} ${pct(res.machine.confidence)})` : '';
      return { data: res, text: `Document ${res.documentId} (${res.uid}) is now ${res.type}${was}.` };
    },
  );
}
