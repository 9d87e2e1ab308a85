import type { Level, Targets } from '../config/schema.js';
import type { Catalog, UnitMapping } from '../ports/catalog.js';
import { addFigures, emptyFigures, evaluate, type Evaluation, type Figures } from '../domain/rates.js';
import { isValidOn, LEVELS, UnitTree, type Unit } from '../domain/units.js';
import { UsageError } from '../errors.js';

export interface ReportOptions {
  level?: Level;
  unit?: string;
  from?: string;
  to?: string;
  /** Roll every unit into the structure valid on this date, through the mapping. */
  structure?: string;
  targets: Targets;
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
  levels: LevelSummary[];
  rows: ReportRow[];
  warnings: string[];
}

/**
 * Follows old→new mappings until a unit valid on `date` is reached. Returns undefined when
 * the chain ends before that (an old unit the mapping does not cover).
 */
export function mapToStructure(unit: Unit, date: string, byId: Map<number, Unit>, maps: UnitMapping[]): Unit | undefined {
  let cur: Unit | undefined = unit;
  for (let hops = 0; cur && hops < 10; hops++) {
    if (isValidOn(cur, date)) return cur;
    const id: number = cur.id;
    const next = maps.filter((m) => m.oldId === id && m.effective <= date).sort((a, b) => b.effective.localeCompare(a.effective))[0];
    cur = next ? byId.get(next.newId) : undefined;
  }
  return undefined;
}

const withEval = (f: Figures, target: number): Figures & Evaluation => ({ ...f, ...evaluate(f, target) });

/** Builds the digitization-rate report: aggregation in SQL, roll-ups over the unit tree. */
export function buildReport(catalog: Catalog, opts: ReportOptions): Report {
  const all = catalog.units.all();
  const byId = new Map(all.map((u) => [u.id, u]));
  const ownById = new Map(catalog.dossiers.figuresByUnit({ from: opts.from, to: opts.to }).map((f) => [f.unitId, f as Figures]));
  const warnings: string[] = [];

  let units: Unit[];
  const own = new Map<number, Figures>();
  if (opts.structure) {
    const date = opts.structure;
    units = all.filter((u) => isValidOn(u, date));
    if (units.length === 0) throw new UsageError(`No units are valid on ${date}`, { hint: 'Import the mapping with `sohoa units map import FILE`.' });
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
    if (unmapped) warnings.push(`${unmapped} dossier(s) belong to units with no mapping into the structure of ${date} and are left out`);
  } else {
    // Units whose validity overlaps the period (by default, the span of the data), plus any
    // unit that has dossiers in it.
    const span = catalog.dossiers.receivedRange({ from: opts.from, to: opts.to });
    const today = new Date().toISOString().slice(0, 10);
    const from = opts.from ?? span?.min ?? today;
    const to = opts.to ?? span?.max ?? today;
    units = all.filter((u) => ownById.has(u.id) || (u.validFrom <= to && u.validTo > from));
    for (const [id, f] of ownById) own.set(id, f);
  }

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

  if (opts.unit) {
    const unit = tree.findByCode(opts.unit, opts.structure ?? opts.to);
    if (!unit) throw new UsageError(`Unknown unit ${opts.unit} for this report`, { hint: 'See `sohoa units list`.' });
    const keep = new Set([unit.code, ...tree.children(unit).map((c) => c.code)]);
    rows = rows.filter((r) => keep.has(r.code) && (r.code === unit.code || r.parentCode === unit.code));
  }
  if (opts.level) rows = rows.filter((r) => r.level === opts.level);

  return {
    generatedAt: new Date().toISOString(),
    period: { from: opts.from ?? null, to: opts.to ?? null },
    structure: opts.structure ?? null,
    targets: opts.targets,
    levels,
    rows,
    warnings,
  };
}
