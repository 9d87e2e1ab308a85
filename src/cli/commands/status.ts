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
      const catalog = ctx.catalog();
      const s = catalog.overview.status();
      if (!catalog.shared) return { data: s, text: maskPersonalData(renderStatus(s)) };
      // A shared catalog: which workers hold which documents right now.
      const leases = catalog.work.leases();
      return { data: { ...s, leases }, text: maskPersonalData([renderStatus(s), renderLeases(leases)].join('\n')) };
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

/** Leases by worker: how many documents each holds, and until when its latest lease runs. */
export function renderLeases(leases: Array<{ workerId: string; host: string; pid: number; expiresAt: string }>): string {
  if (!leases.length) return t('status.noLeases');
  const by = new Map<string, { host: string; pid: number; documents: number; until: string }>();
  for (const l of leases) {
    const w = by.get(l.workerId) ?? { host: l.host, pid: l.pid, documents: 0, until: l.expiresAt };
    w.documents += 1;
    if (l.expiresAt > w.until) w.until = l.expiresAt;
    by.set(l.workerId, w);
  }
  return [t('status.leases', { documents: leases.length, workers: by.size }), ...[...by].map(([id, w]) => `  ${id}  ${w.host}  pid ${w.pid}  ${w.documents}  ${when(w.until)}`)].join('\n');
}
