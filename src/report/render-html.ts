import type { Level } from '../config/schema.js';
import type { Report, ReportRow } from './build.js';
import { labels, type Lang, type Labels } from './labels.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (n: number | null, L: Labels) => (n === null ? L.noData : n.toLocaleString(L === labels('vi') ? 'vi-VN' : 'en-US'));

const COLOURS = { met: '#2e7d32', notMet: '#e65100', none: '#9e9e9e', target: '#c62828' };

/** One bar per unit at the level (own dossier rate), with a line at the level's target. */
export function barChart(rows: ReportRow[], target: number, L: Labels): string {
  const barW = 18;
  const gap = 6;
  const left = 40;
  const top = 16;
  const h = 220;
  const bottom = 70;
  const width = Math.max(320, left + rows.length * (barW + gap) + 20);
  const y = (v: number) => top + h - (v / 100) * h;
  const parts: string[] = [];
  for (const t of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y(t)}" y2="${y(t)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${left - 6}" y="${y(t) + 4}" font-size="10" text-anchor="end">${t}%</text>`);
  }
  rows.forEach((r, i) => {
    const rate = r.own.componentsRate;
    const x = left + gap + i * (barW + gap);
    const colour = rate === null ? COLOURS.none : r.own.met ? COLOURS.met : COLOURS.notMet;
    const value = rate ?? 0;
    const tip = `${r.code} ${r.name}: ${rate === null ? L.noData : rate + '%'} (${r.own.componentsDigitized}/${r.own.received})`;
    parts.push(
      `<rect class="bar" x="${x}" y="${y(value)}" width="${barW}" height="${Math.max(0, y(0) - y(value))}" fill="${colour}"><title>${esc(tip)}</title></rect>`,
    );
    parts.push(
      `<text x="${x + barW / 2}" y="${y(0) + 8}" font-size="9" transform="rotate(60 ${x + barW / 2} ${y(0) + 8})">${esc(r.code)}</text>`,
    );
  });
  parts.push(
    `<line class="target" x1="${left}" x2="${width - 10}" y1="${y(target)}" y2="${y(target)}" stroke="${COLOURS.target}" stroke-width="2" stroke-dasharray="6 3"/>`,
  );
  parts.push(`<text x="${width - 12}" y="${y(target) - 4}" font-size="11" text-anchor="end" fill="${COLOURS.target}">${esc(L.target)} ${target}%</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${top + h + bottom}" viewBox="0 0 ${width} ${top + h + bottom}">${parts.join('')}</svg>`;
}

function figureCells(f: ReportRow['own'], L: Labels): string {
  const met = f.met === null ? L.noData : f.met ? L.yes : L.no;
  const cls = f.met === null ? 'none' : f.met ? 'met' : 'not-met';
  const gap = f.componentsGap === null ? L.noData : pct(Math.max(f.componentsGap, f.resultsGap ?? 0), L);
  return [f.received, f.componentsDigitized, pct(f.componentsRate, L), f.resultsIssued, f.resultsDigitized, pct(f.resultsRate, L), f.signed, f.archived, f.target, gap]
    .map((v) => `<td class="n">${esc(String(v))}</td>`)
    .join('') + `<td class="${cls}">${esc(met)}</td>`;
}

function headerCells(L: Labels): string {
  return [L.received, L.componentsDigitized, L.componentsRate, L.resultsIssued, L.resultsDigitized, L.resultsRate, L.signed, L.archived, L.target, L.gap, L.met]
    .map((h) => `<th>${esc(h)}</th>`)
    .join('');
}

/** One self-contained HTML file: inline CSS and SVG, no scripts, no network. */
export function renderHtml(report: Report, lang: Lang): string {
  const L = labels(lang);
  const period = report.period.from || report.period.to ? `${report.period.from ?? '…'} → ${report.period.to ?? '…'}` : L.all;
  const summary = report.levels
    .map((s) => `<tr><th scope="row">${esc(L.levels[s.level])}</th><td class="n">${s.units}</td>${figureCells(s.figures, L)}</tr>`)
    .join('');
  const sections = (['province', 'district', 'commune'] as Level[])
    .map((level) => {
      const rows = report.rows.filter((r) => r.level === level);
      if (rows.length === 0) return '';
      const target = report.targets[level];
      const body = rows
        .map((r) => `<tr><td>${esc(r.code)}</td><td>${esc(r.name)}</td>${figureCells(r.own, L)}</tr>`)
        .join('');
      return `<section><h2>${esc(L.levels[level])}</h2><p class="note">${esc(L.chartNote)}</p>
<div class="chart">${barChart(rows, target, L)}</div>
<table><thead><tr><th>${esc(L.code)}</th><th>${esc(L.unit)}</th>${headerCells(L)}</tr></thead><tbody>${body}</tbody></table></section>`;
    })
    .join('\n');
  const warnings = report.warnings.length
    ? `<ul class="warnings">${report.warnings.map((w) => `<li>${esc(L.warnings)}: ${esc(w)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(L.title)}</title>
<style>
body{font-family:"Times New Roman",Tinos,serif;margin:24px;color:#212121}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #bdbdbd;padding:3px 6px}th{background:#f5f5f5}
td.n{text-align:right}.met{color:${COLOURS.met};font-weight:bold}.not-met{color:${COLOURS.notMet};font-weight:bold}
.note{color:#616161;font-size:12px}.chart{overflow-x:auto}
</style></head><body>
<h1>${esc(L.title)}</h1>
<p>${esc(L.period)}: ${esc(period)} · ${esc(L.structure)}: ${esc(report.structure ?? L.asReceived)} · ${esc(L.generated)}: ${esc(report.generatedAt)}</p>
${warnings}
<h2>${esc(L.summary)}</h2>
<table><thead><tr><th>${esc(L.level)}</th><th>${esc(L.units)}</th>${headerCells(L)}</tr></thead><tbody>${summary}</tbody></table>
${sections}
</body></html>
`;
}
