import type { Level, Targets } from '../config/schema.js';
import type { Catalog } from '../ports/catalog.js';
import { addFigures, emptyFigures, evaluate, MEASURES, type Evaluation, type Figures, type Measure } from '../domain/rates.js';
import { isValidOn, LEVELS, UnitTree, type Unit } from '../domain/units.js';
import { UsageError } from '../errors.js';
import { rankRows, laggards, type SortKey } from './rank.js';
import type { TrendBy, TrendPoint } from './trend.js';
import { checkLevel, mapToStructure, mixedStructureWarning, unknownUnitError, type ReportWarning } from './structure.js';
import { english } from '../i18n/said.js';

export { mapToStructure } from './structure.js';

export interface ReportOptions {
  level?: Level;
  unit?: string;
  from?: string;
  to?: string;
  /** Roll every unit into the structure valid on this date, through the mapping. */
  structure?: string;
  targets: Targets;
  /** Rates the target applies to (default: all four, the seed's "digitized, signed and archived"). */
  measures?: readonly Measure[];
  /** Order of the unit rows within each level; default: the unit tree. */
  sort?: SortKey;
  /** Keep only the N best (top) or worst (bottom) units of each level, by rate. */
  top?: number;
  bottom?: number;
}

export interface ReportRow {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  depth: number;
  /** Dossiers received by the unit itself; the level's target applies to these. */
  own: Figures & Evaluation;
  /** The unit plus every unit below it. */
  area: Figures & Evaluation;
}

export interface LevelSummary {
  level: Level;
  units: number;
  figures: Figures & Evaluation;
}

export interface Report {
  generatedAt: string;
  period: { from: string | null; to: string | null };
  structure: string | null;
  targets: Targets;
  /** The rates the target applies to. */
  targetOn: Measure[];
  levels: LevelSummary[];
  /** Area-wide figures ("toàn địa bàn"): every dossier of every unit in the report. */
  total: Figures & { componentsRate: number | null; resultsRate: number | null; signedRate: number | null; archivedRate: number | null };
  rows: ReportRow[];
  /** The three units furthest below their level's target (own dossiers). */
  furthestBelow: ReportRow[];
  /** In English (JSON, logs); `warningsSaid` holds their catalogue texts, in the same order. */
  warnings: string[];
  warningsSaid: ReportWarning[];
  /** With `--by month|quarter`: figures per period (see trend.ts). */
  trend?: { by: TrendBy; structure: string | null; points: TrendPoint[] };
}

/** The six counts only: rows from the catalog carry internal ids that must not reach the output. */
const counts = (f: Figures): Figures => ({
  received: f.received,
  componentsDigitized: f.componentsDigitized,
  resultsIssued: f.resultsIssued,
  resultsDigitized: f.resultsDigitized,
  signed: f.signed,
  archived: f.archived,
});

/** Builds the digitization-rate report: aggregation in SQL, roll-ups over the unit tree. */
export function buildReport(catalog: Catalog, opts: ReportOptions): Report {
  const all = catalog.units.all();
  const byId = new Map(all.map((u) => [u.id, u]));
  const measures = opts.measures ?? MEASURES;
  const withEval = (f: Figures, target: number): Figures & Evaluation => ({ ...counts(f), ...evaluate(f, target, measures) });
  const ownById = new Map(catalog.dossiers.figuresByUnit({ from: opts.from, to: opts.to }).map((f) => [f.unitId, counts(f)]));
  const warnings: ReportWarning[] = [];

  let units: Unit[];
  const own = new Map<number, Figures>();
  if (opts.structure) {
    const date = opts.structure;
    units = all.filter((u) => isValidOn(u, date));
    if (units.length === 0) {
      throw new UsageError(`No units are valid on ${date}`, {
        hint: 'Import the mapping with `sohoa units map import FILE`.',
        key: 'report.err.noUnitsOn',
        params: { date },
        hintKey: 'report.err.noUnitsOnHint',
      });
    }
    const maps = catalog.units.mappings();
    let unmapped = 0;
    for (const [id, f] of ownById) {
      const target = mapToStructure(byId.get(id)!, date, byId, maps);
      if (!target) {
        unmapped += f.received;
        continue;
      }
      own.set(target.id, addFigures(own.get(target.id) ?? emptyFigures(), f));
    }
    if (unmapped) warnings.push({ key: 'report.warn.unmapped', params: { count: unmapped, date } });
  } else {
    // Units whose validity overlaps the period (by default, the span of the data), plus any
    // unit that has dossiers in it.
    const span = catalog.dossiers.receivedRange({ from: opts.from, to: opts.to });
    const today = new Date().toISOString().slice(0, 10);
    const from = opts.from ?? span?.min ?? today;
    const to = opts.to ?? span?.max ?? today;
    units = all.filter((u) => ownById.has(u.id) || (u.validFrom <= to && u.validTo > from));
    for (const [id, f] of ownById) own.set(id, f);
    const mixed = mixedStructureWarning(units.filter((u) => ownById.has(u.id)));
    if (mixed) warnings.push(mixed);
  }
  if (opts.level) checkLevel(units, opts.level, opts.structure);

  const tree = new UnitTree(units);
  const area = new Map<number, Figures>();
  const areaOf = (u: Unit): Figures => {
    const hit = area.get(u.id);
    if (hit) return hit;
    const f = tree.children(u).reduce((acc, c) => addFigures(acc, areaOf(c)), own.get(u.id) ?? emptyFigures());
    area.set(u.id, f);
    return f;
  };

  const depthOf = (u: Unit) => tree.ancestry(u).length - 1;
  let rows = tree.ordered().map<ReportRow>((u) => {
    const target = opts.targets[u.level];
    return {
      code: u.code,
      name: u.name,
      level: u.level,
      parentCode: u.parentCode,
      depth: depthOf(u),
      own: withEval(own.get(u.id) ?? emptyFigures(), target),
      area: withEval(areaOf(u), target),
    };
  });

  const levels: LevelSummary[] = LEVELS.flatMap((level) => {
    const at = units.filter((u) => u.level === level);
    if (at.length === 0) return [];
    const f = at.reduce((acc, u) => addFigures(acc, own.get(u.id) ?? emptyFigures()), emptyFigures());
    return [{ level, units: at.length, figures: withEval(f, opts.targets[level]) }];
  });

  const totalCounts = units.reduce((acc, u) => addFigures(acc, own.get(u.id) ?? emptyFigures()), emptyFigures());
  const { componentsRate, resultsRate, signedRate, archivedRate } = evaluate(totalCounts, 0, measures);
  const total = { ...totalCounts, componentsRate, resultsRate, signedRate, archivedRate };

  if (opts.unit) {
    const unit = tree.findByCode(opts.unit, opts.structure ?? opts.to);
    if (!unit || (opts.structure && !isValidOn(unit, opts.structure))) throw unknownUnitError(opts.unit, all, catalog.units.mappings(), opts.structure);
    const keep = new Set([unit.code, ...tree.children(unit).map((c) => c.code)]);
    rows = rows.filter((r) => keep.has(r.code) && (r.code === unit.code || r.parentCode === unit.code));
  }
  if (opts.level) rows = rows.filter((r) => r.level === opts.level);
  const below = laggards(rows, 3);
  rows = rankRows(rows, opts);

  return {
    generatedAt: new Date().toISOString(),
    period: { from: opts.from ?? null, to: opts.to ?? null },
    structure: opts.structure ?? null,
    targets: opts.targets,
    targetOn: [...measures],
    levels,
    total,
    rows,
    furthestBelow: below,
    warnings: warnings.map(english),
    warningsSaid: warnings,
  };
}
