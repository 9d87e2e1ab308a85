import type { RunSummary } from '../pipeline/events.js';
import { formatTable } from '../report/text-table.js';

const MAX_LINES = 50;

function listed<T>(out: string[], title: string, items: T[], line: (x: T) => string): void {
  if (!items.length) return;
  out.push('', title);
  for (const x of items.slice(0, MAX_LINES)) out.push(`  ${line(x)}`);
  if (items.length > MAX_LINES) out.push(`  … and ${items.length - MAX_LINES} more (see --json)`);
}

/** The table that ends a run (also stored in the catalog's `runs` row). Says everything that happened. */
export function renderSummary(s: RunSummary): string {
  const i = s.ingest;
  const rows: string[][] = [];
  if (i) {
    rows.push(
      ['inbox: new documents', String(i.registered)],
      ['  files rejected', String(i.rejected.length)],
      ['  files not yet settled', String(i.unsettled.length)],
      ['  files ignored', String(i.ignored.length)],
      ['  duplicates', String(i.duplicates)],
      ['  unchanged', String(i.unchanged)],
      ['  still rejected (earlier runs)', String(i.stillRejected.length)],
    );
  }
  rows.push(
    ['documents processed', String(s.documents.total)],
    ['  done', String(s.documents.done)],
    ['  held for review', String(s.documents.review)],
    ['  left pending', String(s.documents.pending)],
    ['rejected (all stages)', String(s.documents.rejected)],
    ['pages', String(s.pages.done)],
    ['pages/min', String(s.pages.perMinute)],
    ['blank pages (not counted)', String(s.pages.blank ?? 0)],
    ['archived (new)', String(s.archived)],
    ['already archived', String(s.alreadyArchived)],
  );
  if (s.sidecarVersions) rows.push(['new sidecar versions', String(s.sidecarVersions)]);
  rows.push(['seconds', String(s.seconds)], ['exit code', String(s.exitCode)]);
  const out = [`Run ${s.runId} summary${s.stoppedBy ? ` (stopped: ${s.stoppedBy})` : ''}`, formatTable(['', 'count'], rows)];
  listed(out, 'Rejected:', s.rejected, (r) => `${r.document} [${r.stage}] ${r.reason}: ${r.message}`);
  listed(out, 'Held for review (decide with: sohoa review accept DOC, or sohoa review set DOC TYPE):', s.review, (r) => `${r.document} ${r.name}: ${r.reasons.join('; ')}`);
  if (i) {
    listed(
      out,
      `Not yet settled (modified less than ${i.settleSeconds} s ago; taken by the next run, or now with --settle-seconds 0):`,
      i.unsettled,
      (u) => `${u.file} (${u.reason})`,
    );
    listed(out, 'Still rejected from earlier runs (fix or remove the file, or set it aside with sohoa documents skip):', i.stillRejected, (r) => `${r.file} ${r.reason}: ${r.message}`);
    listed(out, 'Ignored (not in the inbox layout):', i.ignored, (x) => `${x.file}: ${x.reason}`);
  }
  if (s.blankPages?.length) {
    out.push('', 'Blank pages (scanned and kept, not counted as digitized):');
    for (const b of s.blankPages.slice(0, 50)) out.push(`  ${b.document}: ${b.all ? 'every page' : `page ${b.pages.join(', ')}`}`);
    if (s.blankPages.length > 50) out.push(`  … and ${s.blankPages.length - 50} more (see --json)`);
  }
  return out.join('\n');
}
