import type { Command } from 'commander';
import type { Define } from '../main.js';
import type { CliContext } from '../context.js';
import { UsageError, toSohoaError } from '../../errors.js';
import { formatTable } from '../../report/text-table.js';
import { maskPersonalData } from '../../domain/privacy.js';
import { VISIBLE_STATUSES, type DocumentDetail, type VisibleStatus } from '../../ports/overview.js';

/** Adds `documents list` and `documents show` to the `documents` group. */
export function registerDocumentsFind(documents: Command, define: Define): void {
  define(
    documents
      .command('list')
      .option('--dossier <code>', 'only this dossier')
      .option('--unit <code>', 'only this receiving unit (GSO code)')
      .option('--status <status>', `only ${VISIBLE_STATUSES.join(', ')}`)
      .option('--type <type>', 'only this document type, e.g. quyet-dinh')
      .option('--limit <n>', 'at most this many', '1000')
      .description('documents in the catalog, with their stage, status and type')
      .addHelpText('after', '\nExamples:\n  $ sohoa documents list --status review\n  $ sohoa documents list --dossier 000.00.12.H59-220301-0001 --json'),
    async (ctx, _args, opts) => {
      const status = opts.status as string | undefined;
      if (status !== undefined && !(VISIBLE_STATUSES as readonly string[]).includes(status)) {
        throw new UsageError(`Expected --status ${VISIBLE_STATUSES.join('|')}, got "${status}"`);
      }
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`Expected a positive whole number for --limit, got "${String(opts.limit)}"`);
      const rows = ctx.catalog().overview.list({
        dossier: opts.dossier as string | undefined,
        unit: opts.unit as string | undefined,
        type: opts.type as string | undefined,
        status: status as VisibleStatus | undefined,
        limit,
      });
      const table = formatTable(
        ['id', 'uid', 'dossier', 'unit', 'part', 'status', 'stage', 'type', 'pages', 'name'],
        rows.map((r) => [String(r.id), r.uid, r.dossierCode ?? '', r.unitCode ?? '', r.part ?? '', r.status, r.stage, r.type ?? '', String(r.pages ?? ''), maskPersonalData(r.name)]),
      );
      return { data: rows, text: `${table}\n${rows.length} document(s)` };
    },
  );

  define(
    documents
      .command('show')
      .argument('<doc>', 'document id or uid')
      .description('one document: stages with times, inputs and checksums, archive keys, signature')
      .addHelpText('after', '\nExample:\n  $ sohoa documents show 42'),
    async (ctx, [ref]) => {
      const d = ctx.catalog().overview.show(ref!);
      if (!d) throw new UsageError(`No document ${ref} in the catalog`, { hint: 'Find it with `sohoa documents list` or `sohoa search`.' });
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
  const out = [
    `Document ${d.id} (${d.uid}): ${maskPersonalData(d.name)}`,
    `  dossier ${d.dossierCode ?? '-'} · unit ${d.unitCode ?? '-'} · part ${d.part ?? '-'}`,
    `  status ${d.status} · stage ${d.stage}${d.reason ? ` · ${d.reason}: ${maskPersonalData(d.message ?? '')}` : ''}`,
    `  type ${d.type ?? '-'}${d.typeConfidence !== null ? ` (${Math.round(d.typeConfidence * 100)}%)` : ''}${d.review ? ` · reviewed (${d.review.action}) ${d.review.decidedAt}` : ''}`,
    `  pages ${d.pages ?? '-'} · OCR confidence ${d.ocrConfidence ?? '-'}`,
  ];
  // Only names and paths are masked: checksums must stay whole.
  if (d.reviewReasons.length && d.status === 'review') out.push(`  waiting for review: ${d.reviewReasons.join('; ')}`);
  out.push('', 'Stages:', ...d.events.map((e) => `  ${e.at}  ${e.what}`));
  out.push('', 'Inputs:', ...d.inputs.map((i) => `  ${maskPersonalData(i.path)}  sha256 ${i.sha256}  ${i.size} bytes`));
  if (d.pdfSha256) out.push(`  searchable PDF sha256 ${d.pdfSha256}`);
  if (d.objects.length) {
    out.push('', `Archive: ${d.archiveKey ?? ''} (archived ${d.archivedAt ?? '?'})`);
    for (const o of d.objects) out.push(`  ${o.kind}${o.kind === 'sidecar' ? ` v${o.version}` : ''}  ${o.storeUrl.replace(/\/?$/, '/')}${o.key}  sha256 ${o.sha256}  ${o.size} bytes${o.lastAudit ? `  fixity ${o.lastAudit}` : ''}`);
  }
  const sig = signature as { verdict?: string; signatures?: Array<{ subject?: string; signingTime?: string; timestamp?: string }>; error?: string } | null;
  if (sig?.error) out.push('', `Signature: could not read the sidecar (${sig.error})`);
  else if (sig?.signatures) {
    out.push('', `Signature: ${sig.verdict ?? '?'}`);
    for (const s of sig.signatures) out.push(`  ${s.subject ?? '?'}  signed ${s.signingTime ?? '?'}${s.timestamp ? `  timestamp ${s.timestamp}` : ''}`);
  }
  return out.join('\n');
}
