import type { Command } from 'commander';
import type { Define } from '../main.js';
import { formatTable } from '../../report/text-table.js';
import { maskPersonalData } from '../../domain/privacy.js';
import type { CatalogStatus } from '../../ports/overview.js';

const mb = (b: number) => (b / 1048576).toFixed(1);

export function registerStatus(program: Command, define: Define): void {
  define(
    program
      .command('status')
      .description('one screen: documents per stage, the review queue, rejections, the last run, the archive')
      .addHelpText('after', '\nExamples:\n  $ sohoa status\n  $ sohoa status --json'),
    async (ctx) => {
      const s = ctx.catalog().overview.status();
      return { data: s, text: maskPersonalData(renderStatus(s)) };
    },
  );
}

export function renderStatus(s: CatalogStatus): string {
  const out: string[] = [];
  out.push(formatTable(['documents', 'count'], Object.entries(s.byStatus).map(([k, v]) => [k, String(v)])));
  out.push('', formatTable(['stage', 'status', 'documents'], s.stages.map((r) => [r.stage, r.status, String(r.documents)])));
  out.push('', `Review queue: ${s.review.count}${s.review.count ? ' (decide with: sohoa review accept DOC, or sohoa review set DOC TYPE)' : ''}`);
  for (const r of s.review.oldest) out.push(`  ${r.uid}  ${r.name}  ${r.reasons.join('; ')}`);
  out.push(`Rejected: ${s.rejections.count} document(s), ${s.rejections.inputs} file(s) at ingest`);
  for (const r of s.rejections.byReason) out.push(`  ${r.reason}: ${r.documents}`);
  if (s.lastRun) {
    const r = s.lastRun;
    out.push(`Last run: #${r.id} ${r.command}, started ${r.startedAt}, ${r.finishedAt ? `finished ${r.finishedAt}, exit code ${r.exitCode}` : 'still running (or killed)'}`);
  } else out.push('Last run: none yet');
  for (const a of s.archive) out.push(`Archive ${a.storeUrl}: ${a.documents} document(s), ${a.objects} object(s), ${mb(a.bytes)} MB`);
  if (!s.archive.length) out.push('Archive: empty');
  if (s.lastFixity) out.push(`Last fixity audit: #${s.lastFixity.id} ${s.lastFixity.status} ${s.lastFixity.finishedAt ?? ''}`);
  return out.join('\n');
}
