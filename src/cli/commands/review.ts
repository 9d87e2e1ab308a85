import type { Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { formatDateTime, formatPercent, getLang, t } from '../../i18n/index.js';
import { UsageError, toSohoaError } from '../../errors.js';
import { positiveCount, type CliContext } from '../context.js';
import { recordText } from '../../domain/search-text.js';
import { formatTable } from '../../report/text-table.js';

const pct = (x: number | null) => (x === null ? '' : formatPercent(Math.round(x * 100), getLang()));

export function registerReview(program: Command, define: Define): void {
  const review = program.command('review').description(t('cmd.review.description'));

  define(
    review
      .command('list')
      .option('--limit <n>', t('cmd.limitDocuments'), '1000')
      .option('--decided', t('cmd.review.list.decided'))
      .description(t('cmd.review.list.description'))
      .addHelpText('after', helpAfter(['sohoa review list', 'sohoa review list --decided --json'])),
    async (ctx, _args, opts) => {
      const store = ctx.catalog().classifications;
      if (opts.decided) {
        const decided = store.reviews();
        return {
          data: decided,
          text:
            formatTable(
              [t('col.document'), t('col.type'), t('col.machineSaid'), t('col.reviewer'), t('col.decidedAt')],
              decided.map((r) => [String(r.documentId), r.type, r.machineType ? `${r.machineType} ${pct(r.machineConfidence)}` : '', r.reviewer ?? '', formatDateTime(r.decidedAt, getLang())]),
            ) + `\n${t('review.decisions', { n: decided.length })}`,
        };
      }
      const limit = positiveCount(opts.limit, '--limit');
      const list = ctx.catalog().review.queue(limit);
      return {
        data: list,
        text:
          formatTable(
            [t('col.id'), t('col.uid'), t('col.name'), t('col.type'), t('col.confidence'), t('col.why')],
            list.map((d) => [String(d.documentId), d.uid, d.name, d.type ?? '', pct(d.confidence), d.reasons.join('; ')]),
          ) + `\n${t('review.waiting', { n: list.length })}`,
      };
    },
  );

  define(
    review
      .command('set')
      .argument('<doc>', t('cmd.docArg'))
      .argument('<type>', t('cmd.review.set.type'))
      .option('--reviewer <name>', t('cmd.review.reviewer'))
      .option('--note <text>', t('cmd.review.note'))
      .description(t('cmd.review.set.description'))
      .addHelpText('after', helpAfter(['sohoa review set 42 giay-xac-nhan --reviewer "Văn thư"'])),
    async (ctx, [doc, type], opts) => {
      const { loadRules } = await import('../../stages/classify/rules.js');
      const known = loadRules(ctx.config.classify.rules).map((r) => r.id);
      if (!known.includes(type!)) {
        throw new UsageError(`Expected a document type id for TYPE, got "${type}"`, {
          hint: `Known types: ${known.join(', ')}`,
          key: 'review.badType',
          params: { type },
          hintKey: 'review.knownTypes',
          hintParams: { types: known.join(', ') },
        });
      }
      const who = { reviewer: opts.reviewer as string | undefined, note: opts.note as string | undefined };
      const catalog = ctx.catalog();
      const res = catalog.transaction(() => {
        const r = catalog.classifications.setReview(doc!, type!, who);
        catalog.review.release(r.documentId, 'set', who);
        catalog.search.indexRecord(r.documentId, recordText({ name: r.name, dossierCode: r.dossierCode, type: r.type, metadata: r.metadata }));
        return r;
      });
      const was = res.machine ? t('review.classifierSaid', { type: res.machine.type, confidence: pct(res.machine.confidence) }) : '';
      const after = await afterDecision(ctx, res.uid);
      return { data: { ...res, ...after.data }, text: t('review.setDone', { id: res.documentId, uid: res.uid, type: res.type ?? '?', was, after: after.text }) };
    },
  );

  define(
    review
      .command('accept')
      .argument('<doc>', t('cmd.docArg'))
      .option('--reviewer <name>', t('cmd.review.reviewer'))
      .option('--note <text>', t('cmd.review.note'))
      .description(t('cmd.review.accept.description'))
      .addHelpText('after', helpAfter(['sohoa review accept 42 --note "checked against the paper"'])),
    async (ctx, [doc], opts) => {
      const who = { reviewer: opts.reviewer as string | undefined, note: opts.note as string | undefined };
      const res = ctx.catalog().review.release(doc!, 'accept', who);
      const cls = ctx.catalog().classifications.get(res.documentId);
      const after = await afterDecision(ctx, res.uid);
      return { data: { ...res, type: cls?.type ?? null, ...after.data }, text: t('review.acceptDone', { id: res.documentId, uid: res.uid, type: cls?.type ?? '?', after: after.text }) };
    },
  );
  registerReviewOcr(review, define);
}

/** `review ocr DOC`: a held document goes back to OCR at the next run. */
export function registerReviewOcr(review: Command, define: Define): void {
  define(
    review
      .command('ocr')
      .argument('<doc>', t('cmd.docArg'))
      .description(t('cmd.review.ocr.description'))
      .addHelpText('after', helpAfter(['sohoa review ocr 42 && sohoa run --settle-seconds 0'])),
    async (ctx, [doc]) => {
      const res = ctx.catalog().review.sendBack(doc!);
      return { data: res, text: t('review.ocrDone', { id: res.documentId, uid: res.uid }) };
    },
  );
}

/**
 * After a decision: a held document goes on at the next run; an archived one gets its new
 * sidecar version now (or, if the archive cannot be reached, at the next run).
 */
async function afterDecision(ctx: CliContext, uid: string): Promise<{ data: Record<string, unknown>; text: string }> {
  const catalog = ctx.catalog();
  const outdated = () => catalog.review.outdatedSidecars().find((d) => d.uid === uid);
  if (!outdated()) return { data: { next: 'next-run' }, text: t('review.nextRun') };
  const { openObjectStore } = await import('../../stages/archive/index.js');
  const { writeSidecarVersion } = await import('../../stages/archive/sidecar-version.js');
  const { typeNames } = await import('../../pipeline/run.js');
  try {
    const store = openObjectStore(ctx.config.archive, ctx.config);
    // A worker of the province may be writing outdated sidecars right now: then it writes this one too.
    const v = await catalog.exclusive('sidecar-versions', async () => {
      // Asked again under the lock: an idle worker may have written this decision's version since.
      const doc = outdated();
      if (doc) return writeSidecarVersion({ store, catalog }, doc, doc.type ? typeNames(ctx.config).get(doc.type) : undefined);
      const latest = catalog.archive.sidecars(store.url, uid).at(-1);
      return latest && { uid, key: latest.key, version: latest.version ?? 1, sha256: latest.sha256 };
    });
    if (!v) return { data: { next: 'sidecar-at-next-run' }, text: t('review.sidecarLater') };
    return { data: { sidecar: v }, text: t('review.sidecarWritten', { version: v.version, key: v.key }) };
  } catch (err) {
    const e = toSohoaError(err);
    ctx.log.warn(t('review.sidecarFailed', { uid, message: e.message }));
    return { data: { next: 'sidecar-at-next-run', error: e.message }, text: t('review.sidecarLater') };
  }
}
