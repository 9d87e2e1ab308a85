import type { Level } from '../config/schema.js';
import type { Catalog } from '../ports/catalog.js';
import type { Evaluation, Figures } from '../domain/rates.js';
import { TWO_LEVEL_FROM } from '../domain/units.js';
import { UsageError } from '../errors.js';
import { buildReport, type ReportOptions } from './build.js';

export const TREND_BY = ['month', 'quarter'] as const;
export type TrendBy = (typeof TREND_BY)[number];

export interface TrendPoint {
  /** `2022-03` or `2022-Q1`. */
  period: string;
  from: string;
  to: string;
  levels: Array<{ level: Level; figures: Figures & Evaluation }>;
  /** With --unit: that unit's area figures (itself and every unit below it). */
  unit?: { code: string; name: string; figures: Figures & Evaluation };
}

const MAX_PERIODS = 240;

function lastDay(y: number, m: number): string {
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Calendar months or quarters covering from..to, clipped to it. */
export function periods(from: string, to: string, by: TrendBy): Array<{ period: string; from: string; to: string }> {
  const out: Array<{ period: string; from: string; to: string }> = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  if (by === 'quarter') m = Math.floor((m - 1) / 3) * 3 + 1;
  const step = by === 'month' ? 1 : 3;
  while (out.length <= MAX_PERIODS) {
    const start = `${y}-${String(m).padStart(2, '0')}-01`;
    if (start > to) break;
    const endM = m + step - 1;
    const end = lastDay(y, endM);
    const label = by === 'month' ? start.slice(0, 7) : `${y}-Q${(m - 1) / 3 + 1}`;
    out.push({ period: label, from: start < from ? from : start, to: end > to ? to : end });
    m += step;
    if (m > 12) {
      m -= 12;
      y += 1;
    }
  }
  if (out.length > MAX_PERIODS) {
    throw new UsageError(`Expected at most ${MAX_PERIODS} periods for --by ${by}, got more`, {
      hint: 'Narrow --from/--to, or use --by quarter.',
      key: 'report.err.tooManyPeriods',
      params: { max: MAX_PERIODS, by },
      hintKey: 'report.err.tooManyPeriodsHint',
    });
  }
  return out;
}

/**
 * Figures per month or quarter. A span that crosses the 2025-07-01 reorganisation is rolled
 * into the newer structure (old units mapped to new), so one line runs across the reform.
 */
export function buildTrend(catalog: Catalog, opts: ReportOptions, by: TrendBy): { structure: string | null; points: TrendPoint[] } {
  const span = catalog.dossiers.receivedRange({ from: opts.from, to: opts.to });
  if (!span) return { structure: opts.structure ?? null, points: [] };
  const from = opts.from ?? span.min;
  const to = opts.to ?? span.max;
  const structure = opts.structure ?? (from < TWO_LEVEL_FROM && to >= TWO_LEVEL_FROM ? to : undefined);
  const points = periods(from, to, by).map((p) => {
    const r = buildReport(catalog, { ...opts, from: p.from, to: p.to, structure, level: undefined, sort: undefined, top: undefined, bottom: undefined });
    const point: TrendPoint = { ...p, levels: r.levels.map((l) => ({ level: l.level, figures: l.figures })) };
    if (opts.unit) {
      const row = r.rows.find((x) => x.code === opts.unit);
      if (row) point.unit = { code: row.code, name: row.name, figures: row.area };
    }
    return point;
  });
  return { structure: structure ?? null, points };
}
