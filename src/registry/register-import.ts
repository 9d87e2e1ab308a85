import { InputRejectedError } from '../errors.js';
import type { Catalog, DossierRow } from '../ports/catalog.js';
import { resolveUnit, type Unit } from '../domain/units.js';
import { parseDate, readCsv } from './csv.js';
import { ENCODING_LABEL, type EncodingChoice } from './encoding.js';
import { refusal, shownProblems, type LineProblem, type RowRefusal } from './problems.js';

export const REGISTER_COLUMNS = [
  'dossier_code',
  'procedure_code',
  'unit_code',
  'agency',
  'received_date',
  'resolved_date',
  'components_digitized',
  'result_digitized',
] as const;

export interface RegisterImportResult {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  skipped: number;
  /** The file's encoding, and a note when it was converted to UTF-8. */
  encoding: string;
  note?: string;
  /** The first problems found (all are counted in `skipped` or cause a rollback). */
  problems: LineProblem[];
}

const MAX_PROBLEMS_KEPT = 100;

function parseFlag(raw: string | undefined): boolean | undefined {
  if (raw === '1') return true;
  if (raw === '0') return false;
  return undefined;
}

/** Checks one register row; returns the dossier or the reason it is invalid. */
export function validateRegisterRow(v: Record<string, string>, unitsByCode: Map<string, Unit[]>): DossierRow | RowRefusal {
  const code = v.dossier_code ?? '';
  if (!code) return refusal('registry.row.noDossierCode');
  const versions = unitsByCode.get(v.unit_code ?? '');
  if (!versions) return refusal('registry.row.unknownUnit', { code: v.unit_code ?? '' });
  const received = parseDate(v.received_date ?? '');
  if (!received) return refusal('registry.row.badReceived', { value: v.received_date ?? '' });
  let resolved: string | null = null;
  if (v.resolved_date) {
    const r = parseDate(v.resolved_date);
    if (!r) return refusal('registry.row.badResolved', { value: v.resolved_date });
    if (r < received) return refusal('registry.row.resolvedFirst', { resolved: r, received });
    resolved = r;
  }
  const comp = parseFlag(v.components_digitized);
  if (comp === undefined) return refusal('registry.row.badFlag', { column: 'components_digitized', value: v.components_digitized ?? '' });
  const res = parseFlag(v.result_digitized);
  if (res === undefined) return refusal('registry.row.badFlag', { column: 'result_digitized', value: v.result_digitized ?? '' });
  const unit = resolveUnit(versions, received)!;
  return {
    code,
    procedureCode: v.procedure_code || null,
    unitId: unit.id,
    unitCode: unit.code,
    agency: v.agency || null,
    receivedDate: received,
    resolvedDate: resolved,
    componentsDigitized: comp,
    resultDigitized: res,
  };
}

/**
 * Streams the one-stop system's export into the catalog, upserting by dossier code.
 * One transaction: with invalid rows and no `skipInvalid`, nothing is written.
 */
export async function importRegister(
  catalog: Catalog,
  file: string,
  opts: { skipInvalid?: boolean; encoding?: EncodingChoice } = {},
): Promise<RegisterImportResult> {
  const unitsByCode = new Map<string, Unit[]>();
  for (const u of catalog.units.all()) {
    const list = unitsByCode.get(u.code) ?? [];
    list.push(u);
    unitsByCode.set(u.code, list);
  }
  const result: RegisterImportResult = { file, rows: 0, inserted: 0, updated: 0, skipped: 0, encoding: 'UTF-8', problems: [] };
  // Line of each dossier code seen in this file: a repeated code would silently overwrite the first.
  const seen = new Map<string, number>();
  const before = catalog.dossiers.count();
  let valid = 0;
  catalog.begin();
  try {
    const onEncoding = (d: { encoding: keyof typeof ENCODING_LABEL; note?: string }) => {
      result.encoding = ENCODING_LABEL[d.encoding];
      if (d.note) result.note = d.note;
    };
    for await (const { line, values } of readCsv(file, REGISTER_COLUMNS, { encoding: opts.encoding, onEncoding })) {
      result.rows += 1;
      let row = validateRegisterRow(values, unitsByCode);
      if (!('reason' in row)) {
        const first = seen.get(row.code);
        if (first !== undefined) row = refusal('registry.row.duplicate', { code: row.code, first, line });
        else seen.set(row.code, line);
      }
      if ('reason' in row) {
        result.skipped += 1;
        if (result.problems.length < MAX_PROBLEMS_KEPT) result.problems.push({ line, ...row });
        continue;
      }
      if (result.skipped > 0 && !opts.skipInvalid) continue; // doomed: only keep counting problems
      catalog.dossiers.put(row);
      valid += 1;
    }
    if (result.skipped > 0 && !opts.skipInvalid) {
      catalog.rollback();
      const shown = shownProblems(result.problems);
      throw new InputRejectedError('invalid-rows', `${file}: ${result.skipped} invalid row(s) of ${result.rows}; nothing was imported\n${shown.en}`, {
        file,
        hint: 'Fix the rows, or import the valid ones with --skip-invalid.',
        key: 'registry.invalidRows',
        params: { file, skipped: result.skipped, rows: result.rows, lines: shown.said },
        hintKey: 'registry.invalidRowsHint',
      });
    }
    result.inserted = catalog.dossiers.count() - before;
    result.updated = valid - result.inserted;
    catalog.commit();
  } catch (err) {
    catalog.rollback();
    throw err;
  }
  return result;
}
