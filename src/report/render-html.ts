import type { Level } from '../config/schema.js';
import type { Evaluation, Figures } from '../domain/rates.js';
import type { Report, ReportRow } from './build.js';
import { barChart, COLOURS, esc, legend, trendChart, UNITS_PER_CHART } from './html-charts.js';
import { formatDate, formatRate, labels, vietnamTime, warningsIn, type Labels, type Lang } from './labels.js';

type Row = Figures & Evaluation;

function figureCells(f: Row, L: Labels, lang: Lang): string {
  const met = f.met === null ? L.noData : f.met ? L.yes : L.no;
  const cls = f.met === null ? 'none' : f.met ? 'met' : 'not-met';
  const r = (n: number | null) => formatRate(n, lang);
  return (
    [f.received, f.componentsDigitized, r(f.componentsRate), f.resultsIssued, f.resultsDigitized, r(f.resultsRate), f.signed, r(f.signedRate), f.archived, r(f.archivedRate), r(f.target), r(f.gap)]
      .map((v) => `<td class="n">${esc(String(v))}</td>`)
      .join('') + `<td class="${cls}">${esc(met)}</td>`
  );
}

function headerCells(L: Labels): string {
  return [L.received, L.componentsDigitized, L.componentsRate, L.resultsIssued, L.resultsDigitized, L.resultsRate, L.signed, L.signedRate, L.archived, L.archivedRate, L.target, L.gap, L.met]
    .map((h) => `<th>${esc(h)}</th>`)
    .join('');
}

function summaryTable(report: Report, L: Labels, lang: Lang): string {
  const rows = report.levels
    .map((s) => `<tr><th scope="row">${esc(L.levels[s.level])}</th><td class="n">${s.units}</td>${figureCells(s.figures, L, lang)}</tr>`)
    .join('');
  const t = report.total;
  const r = (n: number | null) => formatRate(n, lang);
  const units = report.levels.reduce((n, s) => n + s.units, 0);
  const total = `<tr class="total"><th scope="row">${esc(L.total)}</th><td class="n">${units}</td>${[t.received, t.componentsDigitized, r(t.componentsRate), t.resultsIssued, t.resultsDigitized, r(t.resultsRate), t.signed, r(t.signedRate), t.archived, r(t.archivedRate), '', '', '']
    .map((v) => `<td class="n">${esc(String(v))}</td>`)
    .join('')}</tr>`;
  return `<table class="summary"><thead><tr><th>${esc(L.level)}</th><th>${esc(L.units)}</th>${headerCells(L)}</tr></thead><tbody>${rows}${total}</tbody></table>`;
}

function furthestBelow(report: Report, L: Labels, lang: Lang): string {
  if (report.furthestBelow.length === 0) return '';
  const items = report.furthestBelow
    .map((r) => `<li><b>${esc(r.name)}</b> (${esc(r.code)}, ${esc(L.levels[r.level])}): ${esc(formatRate(r.own.componentsRate, lang))}% — ${esc(L.gap.toLowerCase())} ${esc(formatRate(r.own.gap, lang))}</li>`)
    .join('');
  return `<h2>${esc(L.furthestBelow)}</h2><ol class="laggards">${items}</ol>`;
}

function trendSection(report: Report, L: Labels, lang: Lang): string {
  const trend = report.trend;
  if (!trend || trend.points.length === 0) return '';
  const levels = [...new Set(trend.points.flatMap((p) => p.levels.map((l) => l.level)))] as Level[];
  const charts = levels.map((level) => trendChart(trend.points, level, report.targets[level], L.levels[level], L, lang)).join('');
  const head = `<tr><th>${esc(L.periodCol)}</th>${levels.map((l) => `<th>${esc(L.levels[l])}</th>`).join('')}${trend.points.some((p) => p.unit) ? `<th>${esc(trend.points.find((p) => p.unit)!.unit!.name)}</th>` : ''}</tr>`;
  const body = trend.points
    .map((p) => {
      const cells = levels.map((l) => {
        const f = p.levels.find((x) => x.level === l)?.figures;
        return `<td class="n">${f ? `${esc(formatRate(f.componentsRate, lang))} / ${esc(formatRate(f.resultsRate, lang))}` : L.noData}</td>`;
      });
      if (p.unit) cells.push(`<td class="n">${esc(formatRate(p.unit.figures.componentsRate, lang))} / ${esc(formatRate(p.unit.figures.resultsRate, lang))}</td>`);
      return `<tr><td>${esc(p.period)}</td>${cells.join('')}</tr>`;
    })
    .join('');
  return `<section class="trend"><h2>${esc(L.trend)} (${esc(trend.by === 'month' ? L.byMonth : L.byQuarter)})</h2><div class="multiples">${charts}</div>
<table class="trend-table"><thead>${head}</thead><tbody>${body}</tbody></table><p class="note">${esc(L.legendComponents)} / ${esc(L.legendResults)} (%)</p></section>`;
}

/** A level's units, best rate first, as charts of at most UNITS_PER_CHART bars, then the table. */
function levelSection(report: Report, level: Level, L: Labels, lang: Lang): string {
  const rows = report.rows.filter((r) => r.level === level);
  if (rows.length === 0) return '';
  const target = report.targets[level];
  const byRate = [...rows].sort((a, b) => (b.own.componentsRate ?? -1) - (a.own.componentsRate ?? -1) || a.code.localeCompare(b.code));
  const chunks: ReportRow[][] = [];
  for (let i = 0; i < byRate.length; i += UNITS_PER_CHART) chunks.push(byRate.slice(i, i + UNITS_PER_CHART));
  const charts = chunks
    .map((c, i) => barChart(c, target, `${L.levels[level]} (${i + 1}/${chunks.length})`, L, lang))
    .join('');
  const body = rows.map((r) => `<tr><td>${esc(r.code)}</td><td>${esc(r.name)}</td>${figureCells(r.own, L, lang)}</tr>`).join('');
  return `<section class="level"><h2>${esc(L.levels[level])} — ${esc(L.target)} ${esc(formatRate(target, lang))}</h2>${legend(L)}${charts}
<table class="units"><thead><tr><th>${esc(L.code)}</th><th>${esc(L.unit)}</th>${headerCells(L)}</tr></thead><tbody>${body}</tbody></table></section>`;
}

const STYLE = `
@page{size:A4 landscape;margin:12mm}
body{font-family:"Times New Roman",Tinos,serif;margin:0;color:#212121;font-size:12px}
@media screen{body{margin:24px;max-width:1100px}}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:14px 0 6px}
table{border-collapse:collapse;margin:6px 0;font-size:11px;width:100%}
th,td{border:1px solid #bdbdbd;padding:2px 4px}th{background:#f5f5f5}
thead{display:table-header-group}tr{break-inside:avoid}
td.n{text-align:right;white-space:nowrap}.met{color:${COLOURS.met};font-weight:bold}.not-met{color:${COLOURS.notMet};font-weight:bold}
tr.total th,tr.total td{font-weight:bold;background:#fafafa}
tbody th,td.met,td.not-met,td.none{white-space:nowrap}
.note,.meta{color:#616161;font-size:11px}.warnings{color:#b71c1c}
figure.chart{margin:6px 0;break-inside:avoid;page-break-inside:avoid}figcaption{font-weight:bold;font-size:12px}
.multiples{display:flex;flex-wrap:wrap;gap:8px}figure.small{margin:0}
.legend .key{margin-right:16px;white-space:nowrap}
section.first{break-after:page;page-break-after:always}
section.level{break-before:page;page-break-before:always}
`;

/** One self-contained HTML file for A4: inline CSS and SVG, no scripts, no network. */
export function renderHtml(report: Report, lang: Lang): string {
  const L = labels(lang);
  const period =
    report.period.from || report.period.to ? `${formatDate(report.period.from ?? '…', lang)} → ${formatDate(report.period.to ?? '…', lang)}` : L.all;
  const warnings = report.warnings.length ? `<ul class="warnings">${warningsIn(report, lang).map((w) => `<li>${esc(L.warnings)}: ${esc(w)}</li>`).join('')}</ul>` : '';
  const targetOn = report.targetOn.map((m) => L.measures[m] ?? m).join(', ');
  const sections = (['province', 'district', 'commune'] as Level[]).map((level) => levelSection(report, level, L, lang)).join('\n');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(L.title)}</title><style>${STYLE}</style></head><body>
<section class="first">
<h1>${esc(L.title)}</h1>
<p class="meta">${esc(L.period)}: ${esc(period)} · ${esc(L.structure)}: ${esc(report.structure ? formatDate(report.structure, lang) : L.asReceived)} · ${esc(L.generated)} ${esc(vietnamTime(report.generatedAt))} (${esc(L.vietnamTime)}) · ${esc(L.targetOn)}: ${esc(targetOn)}</p>
${warnings}
<h2>${esc(L.summary)}</h2>
${summaryTable(report, L, lang)}
${furthestBelow(report, L, lang)}
${trendSection(report, L, lang)}
</section>
${sections}
</body></html>
`;
}
