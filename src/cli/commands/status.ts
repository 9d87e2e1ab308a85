import type { Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { formatDateTime, formatNumber, getLang, t } from '../../i18n/index.js';
import { formatTable } from '../../report/text-table.js';
import { maskPersonalData } from '../../domain/privacy.js';
import type { CatalogStatus } from '../../ports/overview.js';

const mb = (b: number) => formatNumber(b / 1048576, getLang());
const when = (iso: string) => formatDateTime(iso, getLang());

export function registerStatus(program: Command, define: Define): void {
  define(
    program
      .command('status')
      .description(t('cmd.status.description'))
      .addHelpText('after', helpAfter(['sohoa status', 'sohoa status --json'])),
    async (ctx) => {
      const s = ctx.catalog().overview.status();
      return { data: s, text: maskPersonalData(renderStatus(s)) };
    },
  );
}

export function renderStatus(s: CatalogStatus): string {
  const out: string[] = [];
  out.push(formatTable([t('col.documents'), t('col.count')], Object.entries(s.byStatus).map(([k, v]) => [k, String(v)])));
  out.push('', formatTable([t('col.stage'), t('col.status'), t('col.documents')], s.stages.map((r) => [r.stage, r.status, String(r.documents)])));
  out.push('', t('status.reviewQueue', { count: s.review.count }) + (s.review.count ? t('status.reviewHow') : ''));
  for (const r of s.review.oldest) out.push(`  ${r.uid}  ${r.name}  ${r.reasons.join('; ')}`);
  out.push(t('status.rejected', { documents: s.rejections.count, inputs: s.rejections.inputs }));
  for (const r of s.rejections.byReason) out.push(`  ${r.reason}: ${r.documents}`);
  if (s.lastRun) {
    const r = s.lastRun;
    const end = r.finishedAt ? t('status.finished', { finishedAt: when(r.finishedAt), exitCode: r.exitCode ?? '' }) : t('status.stillRunning');
    out.push(t('status.lastRun', { id: r.id, command: r.command, startedAt: when(r.startedAt), end }));
  } else out.push(t('status.noRun'));
  for (const a of s.archive) out.push(t('status.archive', { store: a.storeUrl, documents: a.documents, objects: a.objects, mb: mb(a.bytes) }));
  if (!s.archive.length) out.push(t('status.archiveEmpty'));
  if (s.lastFixity) out.push(t('status.lastFixity', { id: s.lastFixity.id, status: s.lastFixity.status, finishedAt: s.lastFixity.finishedAt ? when(s.lastFixity.finishedAt) : '' }));
  return out.join('\n');
}
