import type { CopyRun } from './context.js';
import { copyColumns, insertMany, keyOf, selectIn, type Row } from './rows.js';

/** Units, keyed on (code, valid_from): ids are the target's; the map lets dossiers and unit_map point at them. */
export function copyUnits(run: CopyRun): void {
  const { source, target, counts } = run;
  const cols = copyColumns(source, target, 'units', ['id']);
  const known = new Map<string, number>();
  for (const r of target.prepare('SELECT id, code, valid_from FROM units').all() as Row[]) known.set(keyOf(r.code, r.valid_from), Number(r.id));
  for (const rows of run.pages<Row>('units', 'id', run.batchSize * 10)) {
    run.batch('units', () => {
      const fresh: Row[] = [];
      for (const r of rows) {
        const id = known.get(keyOf(r.code, r.valid_from));
        if (id === undefined) fresh.push(r);
        else (run.units.set(r.id, id), counts.units.existing++);
      }
      const made = insertMany(target, 'units', cols, fresh.map((r) => cols.map((c) => r[c])), 'id, code, valid_from');
      for (const m of made) known.set(keyOf(m.code, m.valid_from), Number(m.id));
      for (const r of fresh) run.units.set(r.id, known.get(keyOf(r.code, r.valid_from)));
      counts.units.copied += made.length;
    });
  }
  copyUnitMap(run);
}

/** old unit → new unit mappings, keyed on (old unit, effective date) once both ids are the target's. */
function copyUnitMap(run: CopyRun): void {
  const { source, target, counts } = run;
  const cols = copyColumns(source, target, 'unit_map');
  const known = new Set((target.prepare('SELECT old_id, effective FROM unit_map').all() as Row[]).map((r) => keyOf(Number(r.old_id), r.effective)));
  const rows = (source.prepare("SELECT * FROM unit_map ORDER BY old_id, effective").all() as Row[]).map((r): Row => ({
    ...r,
    old_id: run.units.get(r.old_id),
    new_id: run.units.get(r.new_id),
  }));
  const fresh = rows.filter((r) => !known.has(keyOf(r.old_id, r.effective)));
  counts.unit_map.existing += rows.length - fresh.length;
  if (!fresh.length) return;
  run.batch('unit_map', () => {
    insertMany(target, 'unit_map', cols, fresh.map((r) => cols.map((c) => r[c])));
    counts.unit_map.copied += fresh.length;
  });
}

/** Flags that only ever go from 0 to 1: a dossier both catalogs know keeps the larger of each. */
const FLAGS = ['components_digitized', 'result_digitized', 'sohoa_components', 'sohoa_result', 'sohoa_signed', 'sohoa_archived'];

/**
 * The register, keyed on the dossier code. A dossier the province already has (from its own
 * register import) keeps its row; what this office digitized, signed or archived is added to its flags.
 */
export function copyDossiers(run: CopyRun): void {
  const { source, target, counts } = run;
  const cols = copyColumns(source, target, 'dossiers');
  for (const rows of run.pages<Row>('dossiers', 'code', run.batchSize * 10)) {
    run.batch('dossiers', () => {
      const there = new Map(selectIn(target, `code, ${FLAGS.join(', ')}`, 'dossiers', 'code', rows.map((r) => r.code)).map((r) => [r.code as string, r]));
      const fresh: Row[] = [];
      for (const r of rows) {
        const t = there.get(r.code as string);
        if (!t) {
          fresh.push({ ...r, unit_id: run.units.get(r.unit_id) });
          continue;
        }
        const raise = FLAGS.filter((f) => Number(r[f]) > Number(t[f]));
        if (raise.length) {
          target.prepare(`UPDATE dossiers SET ${raise.map((f) => `${f} = 1`).join(', ')} WHERE code = ?`).run(r.code);
          counts.dossiers.updated++;
        } else counts.dossiers.existing++;
      }
      insertMany(target, 'dossiers', cols, fresh.map((r) => cols.map((c) => r[c])));
      counts.dossiers.copied += fresh.length;
    });
  }
}

/** Run history, keyed on (command, started_at, pid): a run has no other name. */
export function copyRuns(run: CopyRun): void {
  const { source, target, counts } = run;
  const cols = copyColumns(source, target, 'runs', ['id']);
  const known = new Set((target.prepare('SELECT command, started_at, pid FROM runs').all() as Row[]).map((r) => keyOf(r.command, r.started_at, r.pid)));
  for (const rows of run.pages<Row>('runs', 'id', run.batchSize * 10)) {
    const fresh = rows.filter((r) => !known.has(keyOf(r.command, r.started_at, r.pid)));
    counts.runs.existing += rows.length - fresh.length;
    if (!fresh.length) continue;
    run.batch('runs', () => {
      insertMany(target, 'runs', cols, fresh.map((r) => cols.map((c) => r[c])));
      counts.runs.copied += fresh.length;
    });
  }
}
