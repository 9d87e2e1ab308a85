import type { Level } from '../config/schema.js';
import type { ReportRow } from './build.js';
import type { TrendPoint } from './trend.js';
import { formatRate, type Labels, type Lang } from './labels.js';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One colour per measure (never per verdict), so the legend can say what a colour is. */
export const COLOURS = { components: '#1565c0', results: '#80cbc4', target: '#c62828', grid: '#e0e0e0', met: '#2e7d32', notMet: '#c62828' };

/** Units per chart: one chart fits an A4 landscape page with room to spare, so printing never cuts it. */
export const UNITS_PER_CHART = 24;

const WIDTH = 960;
const LABEL_W = 250;
const VALUE_W = 70;
const ROW_H = 22;
const HEAD_H = 34;

const short = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

export function legend(L: Labels): string {
  const item = (colour: string, text: string, dashed = false) =>
    `<span class="key"><svg width="22" height="10" aria-hidden="true">${
      dashed ? `<line x1="0" x2="22" y1="5" y2="5" stroke="${colour}" stroke-width="2" stroke-dasharray="5 3"/>` : `<rect width="22" height="10" fill="${colour}"/>`
    }</svg> ${esc(text)}</span>`;
  return `<p class="legend">${item(COLOURS.components, L.legendComponents)}${item(COLOURS.results, L.legendResults)}${item(COLOURS.target, L.legendTarget, true)}</p>`;
}

/**
 * Horizontal bars, one pair per unit (dossier rate, result rate), labelled with the unit's name,
 * in the order given (the caller sorts by rate). The target's label sits in the header band
 * above the bars, so it can never overlap one.
 */
export function barChart(rows: ReportRow[], target: number, caption: string, L: Labels, lang: Lang): string {
  const plotX = LABEL_W;
  const plotW = WIDTH - LABEL_W - VALUE_W;
  const x = (v: number) => plotX + (Math.max(0, Math.min(100, v)) / 100) * plotW;
  const height = HEAD_H + rows.length * ROW_H + 8;
  const parts: string[] = [];
  for (const t of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${HEAD_H - 4}" y2="${height - 4}" stroke="${COLOURS.grid}"/>`);
    parts.push(`<text x="${x(t)}" y="${HEAD_H - 8}" font-size="10" text-anchor="middle" fill="#616161">${t}%</text>`);
  }
  rows.forEach((r, i) => {
    const y = HEAD_H + i * ROW_H;
    const label = `${r.name}`;
    parts.push(`<text class="unit" x="${plotX - 6}" y="${y + 14}" font-size="11" text-anchor="end"><title>${esc(`${r.code} ${r.name}`)}</title>${esc(short(label, 38))}</text>`);
    const pair: Array<[number | null, string, string]> = [
      [r.own.componentsRate, COLOURS.components, 'components'],
      [r.own.resultsRate, COLOURS.results, 'results'],
    ];
    pair.forEach(([rate, colour, kind], k) => {
      const by = y + 3 + k * 8;
      parts.push(`<rect class="bar ${kind}" x="${plotX}" y="${by}" width="${rate === null ? 0 : x(rate) - plotX}" height="7" fill="${colour}"/>`);
    });
    const mark = r.own.met === null ? '' : r.own.met ? ' ✓' : '';
    parts.push(`<text x="${WIDTH - VALUE_W + 6}" y="${y + 14}" font-size="10" fill="#424242">${esc(formatRate(r.own.componentsRate, lang))}${mark}</text>`);
  });
  const tx = x(target);
  parts.push(`<line class="target" x1="${tx}" x2="${tx}" y1="${HEAD_H - 4}" y2="${height - 4}" stroke="${COLOURS.target}" stroke-width="2" stroke-dasharray="6 3"/>`);
  parts.push(`<text class="target-label" x="${tx}" y="12" font-size="11" text-anchor="middle" fill="${COLOURS.target}">${esc(L.legendTarget)} ${esc(formatRate(target, lang))}%</text>`);
  return `<figure class="chart"><figcaption>${esc(caption)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">${parts.join('')}</svg></figure>`;
}

/** One small line chart per level: the dossier rate per period, with the target. */
export function trendChart(points: TrendPoint[], level: Level, target: number, caption: string, L: Labels, lang: Lang): string {
  const w = 300;
  const h = 150;
  const left = 34;
  const top = 18;
  const plotH = h - top - 26;
  const plotW = w - left - 10;
  const xs = (i: number) => left + (points.length <= 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const ys = (v: number) => top + plotH - (Math.max(0, Math.min(100, v)) / 100) * plotH;
  const parts: string[] = [];
  for (const t of [0, 50, 100]) {
    parts.push(`<line x1="${left}" x2="${w - 10}" y1="${ys(t)}" y2="${ys(t)}" stroke="${COLOURS.grid}"/><text x="${left - 4}" y="${ys(t) + 3}" font-size="9" text-anchor="end">${t}%</text>`);
  }
  parts.push(`<line class="target" x1="${left}" x2="${w - 10}" y1="${ys(target)}" y2="${ys(target)}" stroke="${COLOURS.target}" stroke-dasharray="5 3"/>`);
  const series = (pick: (p: TrendPoint) => number | null, colour: string) => {
    const pts = points.map((p, i) => [i, pick(p)] as const).filter(([, v]) => v !== null) as Array<readonly [number, number]>;
    if (pts.length === 0) return;
    parts.push(`<polyline class="trend" fill="none" stroke="${colour}" stroke-width="2" points="${pts.map(([i, v]) => `${xs(i).toFixed(1)},${ys(v).toFixed(1)}`).join(' ')}"/>`);
    for (const [i, v] of pts) parts.push(`<circle cx="${xs(i).toFixed(1)}" cy="${ys(v).toFixed(1)}" r="2.5" fill="${colour}"/>`);
  };
  const of = (p: TrendPoint) => p.levels.find((l) => l.level === level)?.figures;
  series((p) => of(p)?.componentsRate ?? null, COLOURS.components);
  series((p) => of(p)?.resultsRate ?? null, COLOURS.results);
  if (points.length) {
    parts.push(`<text x="${left}" y="${h - 8}" font-size="9">${esc(points[0]!.period)}</text>`);
    parts.push(`<text x="${w - 10}" y="${h - 8}" font-size="9" text-anchor="end">${esc(points[points.length - 1]!.period)}</text>`);
  }
  parts.push(`<text x="${w - 10}" y="${ys(target) - 3}" font-size="9" text-anchor="end" fill="${COLOURS.target}">${esc(formatRate(target, lang))}%</text>`);
  return `<figure class="chart small"><figcaption>${esc(caption)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(L.trend)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg></figure>`;
}
