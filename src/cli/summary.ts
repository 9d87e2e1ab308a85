import type { RunSummary } from '../pipeline/events.js';
import { formatTable } from '../report/text-table.js';

/** The table that ends a run (also stored in the catalog's `runs` row). */
export function renderSummary(s: RunSummary): string {
  const rows = [
    ['documents', String(s.documents.total)],
    ['  done', String(s.documents.done)],
    ['  rejected', String(s.documents.rejected)],
    ['  left pending', String(s.documents.pending)],
    ['pages', String(s.pages.done)],
    ['pages/min', String(s.pages.perMinute)],
    ['blank pages (not counted)', String(s.pages.blank ?? 0)],
    ['archived (new)', String(s.archived)],
    ['already archived', String(s.alreadyArchived)],
    ['seconds', String(s.seconds)],
    ['exit code', String(s.exitCode)],
  ];
  const out = [`Run ${s.runId} summary${s.stoppedBy ? ` (stopped: ${s.stoppedBy})` : ''}`, formatTable(['', 'count'], rows)];
  if (s.rejected.length) {
    out.push('', 'Rejected:');
    for (const r of s.rejected.slice(0, 50)) out.push(`  ${r.document} [${r.stage}] ${r.reason}: ${r.message}`);
    if (s.rejected.length > 50) out.push(`  … and ${s.rejected.length - 50} more (see --json)`);
  }
  if (s.blankPages?.length) {
    out.push('', 'Blank pages (scanned and kept, not counted as digitized):');
    for (const b of s.blankPages.slice(0, 50)) out.push(`  ${b.document}: ${b.all ? 'every page' : `page ${b.pages.join(', ')}`}`);
    if (s.blankPages.length > 50) out.push(`  … and ${s.blankPages.length - 50} more (see --json)`);
  }
  return out.join('\n');
}
