import type { RunSummary } from '../pipeline/events.js';
import { formatTable } from '../report/text-table.js';
import { formatNumber, getLang, say, t, type Lang, type MessageKey } from '../i18n/index.js';
import { sayStored } from '../i18n/stored.js';

const MAX_LINES = 50;

function listed<T>(out: string[], title: string, items: T[], line: (x: T) => string, lang: Lang): void {
  if (!items.length) return;
  out.push('', title);
  for (const x of items.slice(0, MAX_LINES)) out.push(`  ${line(x)}`);
  if (items.length > MAX_LINES) out.push(`  ${t('summary.more', { n: items.length - MAX_LINES }, lang)}`);
}

/**
 * The table that ends a run (also stored in the catalog's `runs` row). Says everything that
 * happened, in the run's language (numbers too: `12,5` in Vietnamese).
 */
export function renderSummary(s: RunSummary, lang: Lang = getLang()): string {
  const i = s.ingest;
  const n = (x: number) => formatNumber(x, lang);
  const row = (key: MessageKey, x: number): string[] => [t(key, undefined, lang), n(x)];
  const rows: string[][] = [];
  if (i) {
    rows.push(
      row('summary.inboxNew', i.registered),
      row('summary.filesRejected', i.rejected.length),
      row('summary.filesUnsettled', i.unsettled.length),
      row('summary.filesIgnored', i.ignored.length),
      row('summary.duplicates', i.duplicates),
      row('summary.unchanged', i.unchanged),
      row('summary.stillRejected', i.stillRejected.length),
    );
  }
  rows.push(
    row('summary.documents', s.documents.total),
    row('summary.done', s.documents.done),
    row('summary.review', s.documents.review),
    row('summary.pending', s.documents.pending),
    row('summary.rejected', s.documents.rejected),
    row('summary.pages', s.pages.done),
    row('summary.ppm', s.pages.perMinute),
    row('summary.blank', s.pages.blank ?? 0),
    row('summary.archived', s.archived),
    row('summary.alreadyArchived', s.alreadyArchived),
  );
  if (s.sidecarVersions) rows.push(row('summary.sidecarVersions', s.sidecarVersions));
  rows.push(row('summary.seconds', s.seconds), [t('summary.exitCode', undefined, lang), String(s.exitCode)]);
  const stopped = s.stoppedBy ? t('summary.stopped', { reason: s.stoppedBy }, lang) : '';
  const out = [t('summary.title', { id: s.runId }, lang) + stopped, formatTable(['', t('summary.count', undefined, lang)], rows)];
  listed(out, t('summary.rejectedTitle', undefined, lang), s.rejected, (r) => `${r.document} [${r.stage}] ${r.reason}: ${say(r, lang)}`, lang);
  listed(out, t('summary.reviewTitle', undefined, lang), s.review, (r) => `${r.document} ${r.name}: ${r.reasons.join('; ')}`, lang);
  if (i) {
    listed(out, t('summary.unsettledTitle', { seconds: i.settleSeconds }, lang), i.unsettled, (u) => `${u.file} (${u.reason})`, lang);
    listed(out, t('summary.stillRejectedTitle', undefined, lang), i.stillRejected, (r) => `${r.file} ${r.reason}: ${r.key ? say(r, lang) : sayStored(r.message, lang)}`, lang);
    listed(out, t('summary.ignoredTitle', undefined, lang), i.ignored, (x) => `${x.file}: ${x.reason}`, lang);
  }
  listed(
    out,
    t('summary.blankTitle', undefined, lang),
    s.blankPages ?? [],
    (b) => `${b.document}: ${b.all ? t('summary.everyPage', undefined, lang) : t('summary.pageList', { pages: b.pages.join(', ') }, lang)}`,
    lang,
  );
  return out.join('\n');
}
