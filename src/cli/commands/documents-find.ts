import type { Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { formatDateTime, getLang, t } from '../../i18n/index.js';
import { sayStored } from '../../i18n/stored.js';
import { positiveCount, type CliContext } from '../context.js';
import { UsageError, toSohoaError } from '../../errors.js';
import { formatTable } from '../../report/text-table.js';
import { maskPersonalData } from '../../domain/privacy.js';
import { VISIBLE_STATUSES, type DocumentDetail, type VisibleStatus } from '../../ports/overview.js';

/** Adds `documents list` and `documents show` to the `documents` group. */
export function registerDocumentsFind(documents: Command, define: Define): void {
  define(
    documents
      .command('list')
      .option('--dossier <code>', t('cmd.onlyDossier'))
      .option('--unit <code>', t('cmd.documents.list.unit'))
      .option('--status <status>', t('cmd.documents.list.status', { statuses: VISIBLE_STATUSES.join(', ') }))
      .option('--type <type>', t('cmd.onlyType'))
      .option('--limit <n>', t('cmd.documents.list.limit'), '1000')
      .description(t('cmd.documents.list.description'))
      .addHelpText('after', helpAfter(['sohoa documents list --status review', 'sohoa documents list --dossier 000.00.12.H59-220301-0001 --json'])),
    async (ctx, _args, opts) => {
      const status = opts.status as string | undefined;
      if (status !== undefined && !(VISIBLE_STATUSES as readonly string[]).includes(status)) {
        throw new UsageError(`Expected --status ${VISIBLE_STATUSES.join('|')}, got "${status}"`, { key: 'cmd.documents.badStatus', params: { statuses: VISIBLE_STATUSES.join('|'), value: status } });
      }
      const limit = positiveCount(opts.limit, '--limit');
      const rows = ctx.catalog().overview.list({
        dossier: opts.dossier as string | undefined,
        unit: opts.unit as string | undefined,
        type: opts.type as string | undefined,
        status: status as VisibleStatus | undefined,
        limit,
      });
      const table = formatTable(
        (['col.id', 'col.uid', 'col.dossier', 'col.unit', 'col.part', 'col.status', 'col.stage', 'col.type', 'col.pages', 'col.name'] as const).map((k) => t(k)),
        rows.map((r) => [String(r.id), r.uid, r.dossierCode ?? '', r.unitCode ?? '', r.part ?? '', r.status, r.stage, r.type ?? '', String(r.pages ?? ''), maskPersonalData(r.name)]),
      );
      return { data: rows, text: `${table}\n${t('documents.count', { n: rows.length })}` };
    },
  );

  define(
    documents
      .command('show')
      .argument('<doc>', t('cmd.docArg'))
      .description(t('cmd.documents.show.description'))
      .addHelpText('after', helpAfter(['sohoa documents show 42'])),
    async (ctx, [ref]) => {
      const d = ctx.catalog().overview.show(ref!);
      if (!d) throw new UsageError(`No document ${ref} in the catalog`, {
          hint: 'Find it with `sohoa documents list` or `sohoa search`.',
          key: 'documents.notFound',
          params: { ref },
          hintKey: 'documents.notFoundHint',
        });
      const signature = await readSignature(ctx, d);
      return { data: { ...d, signature }, text: renderDetail(d, signature) };
    },
  );
}

/** The signature as the archived sidecar records it (verified before archiving), if it can be read. */
async function readSignature(ctx: CliContext, d: DocumentDetail): Promise<unknown> {
  const sidecars = d.objects.filter((o) => o.kind === 'sidecar');
  const latest = sidecars[sidecars.length - 1];
  if (!latest) return null;
  try {
    const { openObjectStore } = await import('../../stages/archive/index.js');
    const { readAll } = await import('../../stages/archive/read-all.js');
    const store = openObjectStore(ctx.config.archive, ctx.config);
    if (store.url !== latest.storeUrl) return null;
    const body = await store.get(latest.key);
    return body ? ((JSON.parse((await readAll(body, 16 * 1024 * 1024)).toString('utf8')) as { signature?: unknown }).signature ?? null) : null;
  } catch (err) {
    return { error: toSohoaError(err).message };
  }
}

function renderDetail(d: DocumentDetail, signature: unknown): string {
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso, getLang()) : '?');
  const confidence = d.typeConfidence !== null ? ` (${Math.round(d.typeConfidence * 100)}%)` : '';
  const review = d.review ? t('show.reviewed', { action: d.review.action, at: when(d.review.decidedAt) }) : '';
  const out = [
    t('show.title', { id: d.id, uid: d.uid, name: maskPersonalData(d.name) }),
    t('show.where', { dossier: d.dossierCode ?? '-', unit: d.unitCode ?? '-', part: d.part ?? '-' }),
    t('show.status', { status: d.status, stage: d.stage, reason: d.reason ? ` · ${d.reason}: ${maskPersonalData(sayStored(d.message ?? ''))}` : '' }),
    t('show.type', { type: d.type ?? '-', confidence, review }),
    t('show.pages', { pages: d.pages ?? '-', confidence: d.ocrConfidence ?? '-' }),
  ];
  // Only names and paths are masked: checksums must stay whole.
  if (d.reviewReasons.length && d.status === 'review') out.push(t('show.waiting', { reasons: d.reviewReasons.join('; ') }));
  out.push('', t('show.stages'), ...d.events.map((e) => `  ${when(e.at)}  ${e.what}`));
  out.push('', t('show.inputs'), ...d.inputs.map((i) => `  ${maskPersonalData(i.path)}  sha256 ${i.sha256}  ${t('show.bytes', { n: i.size })}`));
  if (d.pdfSha256) out.push(t('show.pdf', { sha256: d.pdfSha256 }));
  if (d.objects.length) {
    out.push('', t('show.archive', { key: d.archiveKey ?? '', at: when(d.archivedAt) }));
    for (const o of d.objects) {
      const fixity = o.lastAudit ? `  ${t('show.fixity', { at: when(o.lastAudit) })}` : '';
      out.push(`  ${o.kind}${o.kind === 'sidecar' ? ` v${o.version}` : ''}  ${o.storeUrl.replace(/\/?$/, '/')}${o.key}  sha256 ${o.sha256}  ${t('show.bytes', { n: o.size })}${fixity}`);
    }
  }
  const sig = signature as { verdict?: string; signatures?: Array<{ subject?: string; signingTime?: string; timestamp?: string }>; error?: string } | null;
  if (sig?.error) out.push('', t('show.sigUnreadable', { error: sig.error }));
  else if (sig?.signatures) {
    out.push('', t('show.signature', { verdict: sig.verdict ?? '?' }));
    for (const s of sig.signatures) {
      const ts = s.timestamp ? `  ${t('show.timestamp', { at: s.timestamp })}` : '';
      out.push(`  ${s.subject ?? '?'}  ${t('show.signedAt', { at: s.signingTime ?? '?' })}${ts}`);
    }
  }
  return out.join('\n');
}
