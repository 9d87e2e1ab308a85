import type { ReportRow } from './build.js';

export const SORT_KEYS = ['rate', 'gap', 'name'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Units with no dossiers sort last whichever way the list runs. */
const rateOf = (r: ReportRow) => r.own.componentsRate;
const gapOf = (r: ReportRow) => r.own.gap;

function compare(key: SortKey): (a: ReportRow, b: ReportRow) => number {
  if (key === 'name') return (a, b) => a.name.localeCompare(b.name, 'vi');
  const value = key === 'rate' ? rateOf : gapOf;
  // Descending either way: best rate first, largest gap first.
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === null ? (y === null ? a.code.localeCompare(b.code) : 1) : -1;
    return y - x || a.code.localeCompare(b.code);
  };
}

/**
 * Orders and trims the unit rows level by level: `--sort` reorders within a level, `--top N`
 * keeps the N highest dossier rates, `--bottom N` the N lowest. Levels stay in their order.
 */
export function rankRows(rows: ReportRow[], opts: { sort?: SortKey; top?: number; bottom?: number }): ReportRow[] {
  if (!opts.sort && !opts.top && !opts.bottom) return rows;
  const levels = [...new Set(rows.map((r) => r.level))];
  return levels.flatMap((level) => {
    let at = rows.filter((r) => r.level === level);
    if (opts.top || opts.bottom) {
      const withData = at.filter((r) => rateOf(r) !== null).sort(compare('rate'));
      at = opts.top ? withData.slice(0, opts.top) : withData.slice(-opts.bottom!).reverse();
    }
    return opts.sort ? [...at].sort(compare(opts.sort)) : at;
  });
}

/** The units furthest below their target, largest gap first (units that meet it, or have no data, are left out). */
export function laggards(rows: ReportRow[], n: number): ReportRow[] {
  return rows.filter((r) => (r.own.gap ?? 0) > 0).sort(compare('gap')).slice(0, n);
}
