import { InputRejectedError } from '../errors.js';
import type { Level } from '../config/schema.js';
import type { Catalog, NewUnit } from '../ports/catalog.js';
import { OPEN_END, OPEN_START, levelFromCode, parseLevel, resolveUnit, TWO_LEVEL_FROM } from '../domain/units.js';
import { parseDate, readCsv } from './csv.js';
import { ENCODING_LABEL, type DetectedEncoding, type EncodingChoice } from './encoding.js';
import { problemAt, shownProblems, type LineProblem } from './problems.js';

export type { LineProblem } from './problems.js';


export interface UnitsImportResult {
  file: string;
  format: 'sohoa' | 'gso';
  created: number;
  updated: number;
  byLevel: Record<Level, number>;
  /** The file's encoding, and a note when it was converted to UTF-8. */
  encoding: string;
  note?: string;
}

const GSO_COLUMNS = { provinceCode: 'Mã TP', province: 'Tỉnh Thành Phố', districtCode: 'Mã QH', district: 'Quận Huyện', communeCode: 'Mã PX', commune: 'Phường Xã', level: 'Cấp' };

function typeFromName(name: string): string | null {
  const m = /^(Thành phố|Thị xã|Thị trấn|Đặc khu|Tỉnh|Huyện|Quận|Phường|Xã)\b/u.exec(name);
  return m ? m[1]! : null;
}

function fail(file: string, problems: LineProblem[]): never {
  const shown = shownProblems(problems);
  throw new InputRejectedError('invalid-rows', `${file}: ${problems.length} invalid row(s); nothing was imported\n${shown.en}`, {
    file,
    hint: 'Fix the rows and import again.',
    key: 'units.invalidRows',
    params: { file, count: problems.length, lines: shown.said },
    hintKey: 'units.invalidRowsHint',
  });
}

/**
 * Imports units from sohoa's CSV (`code,name,type,level,parent_code`) or the GSO export
 * (one row per commune with its district and province). All-or-nothing.
 */
export async function importUnits(
  catalog: Catalog,
  file: string,
  opts: { validFrom?: string; validTo?: string; encoding?: EncodingChoice } = {},
): Promise<UnitsImportResult> {
  const validFrom = opts.validFrom ?? OPEN_START;
  const validTo = opts.validTo ?? OPEN_END;
  const units = new Map<string, NewUnit>();
  const problems: LineProblem[] = [];
  let format: 'sohoa' | 'gso' | undefined;
  let detected: DetectedEncoding = { encoding: 'utf8' };
  // Line of each unit code (each commune, in the GSO export) seen in this file.
  const seen = new Map<string, number>();
  const firstTime = (code: string, line: number): boolean => {
    const first = seen.get(code);
    if (first === undefined) {
      seen.set(code, line);
      return true;
    }
    problems.push(problemAt(line, 'units.row.duplicate', { code, first, line }));
    return false;
  };

  for await (const { line, values: v } of readCsv(file, [], { encoding: opts.encoding, onEncoding: (d) => (detected = d) })) {
    format ??= GSO_COLUMNS.communeCode in v ? 'gso' : 'sohoa';
    if (format === 'gso') {
      const add = (code: string | undefined, name: string | undefined, level: Level, parent: string | null) => {
        if (!code || !name) return;
        units.set(code, { code, name, type: typeFromName(name), level, parentCode: parent, validFrom, validTo });
      };
      add(v[GSO_COLUMNS.provinceCode], v[GSO_COLUMNS.province], 'province', null);
      add(v[GSO_COLUMNS.districtCode], v[GSO_COLUMNS.district], 'district', v[GSO_COLUMNS.provinceCode] ?? null);
      // Provinces and districts repeat on every commune's row; a commune appears once.
      const commune = v[GSO_COLUMNS.communeCode];
      if (commune && !firstTime(commune, line)) continue;
      add(commune, v[GSO_COLUMNS.commune], 'commune', v[GSO_COLUMNS.districtCode] ?? null);
      continue;
    }
    const code = v.code ?? '';
    const level = parseLevel(v.level ?? '');
    if (!/^\d{2,5}$/.test(code)) problems.push(problemAt(line, 'units.row.badCode', { code }));
    else if (!level) problems.push(problemAt(line, 'units.row.badLevel', { value: v.level ?? '' }));
    else if (!v.name) problems.push(problemAt(line, 'units.row.noName'));
    else if (levelFromCode(code) && levelFromCode(code) !== level && level !== 'province')
      problems.push(problemAt(line, 'units.row.codeLevel', { code, digits: code.length, level }));
    else if (firstTime(code, line)) {
      units.set(code, { code, name: v.name, type: v.type || typeFromName(v.name), level, parentCode: v.parent_code || null, validFrom, validTo });
    }
  }
  if (!format) throw new InputRejectedError('empty', `${file}: no rows`, { file, key: 'units.noRows', params: { file } });
  for (const u of units.values()) {
    if (u.parentCode && !units.has(u.parentCode) && catalog.units.versions(u.parentCode).length === 0) {
      problems.push(problemAt(0, 'units.row.unknownParent', { code: u.code, parent: u.parentCode }));
    }
  }
  if (problems.length) fail(file, problems);

  const result: UnitsImportResult = {
    file,
    format,
    created: 0,
    updated: 0,
    byLevel: { province: 0, district: 0, commune: 0 },
    encoding: ENCODING_LABEL[detected.encoding],
    ...(detected.note ? { note: detected.note } : {}),
  };
  catalog.transaction(() => {
    for (const u of units.values()) {
      const { created } = catalog.units.upsert(u);
      if (created) result.created += 1;
      else result.updated += 1;
      result.byLevel[u.level] += 1;
    }
  });
  return result;
}

export interface MapImportResult {
  file: string;
  effective: string;
  mappings: number;
  newUnits: number;
  endedUnits: number;
  /** Set when the file was converted to UTF-8. */
  note?: string;
}

/**
 * Imports a reorganisation mapping (`old_code,old_name,new_code,new_name,new_province_code,new_province_name`).
 * New communes and provinces become valid on `effective`; old communes map to new ones; the old
 * districts and province, which have no successor of their own, map to the new province.
 */
export async function importUnitMap(catalog: Catalog, file: string, opts: { effective?: string; encoding?: EncodingChoice } = {}): Promise<MapImportResult> {
  const effective = opts.effective ?? TWO_LEVEL_FROM;
  if (!parseDate(effective)) throw new InputRejectedError('bad-date', `Expected a date YYYY-MM-DD for --effective, got "${effective}"`, { key: 'units.badEffective', params: { value: effective } });
  const cols = ['old_code', 'new_code', 'new_name', 'new_province_code', 'new_province_name'];
  const rows: Array<{ line: number; oldCode: string; newCode: string; newName: string; provCode: string; provName: string }> = [];
  const problems: LineProblem[] = [];
  const result0: { note?: string } = {};
  for await (const { line, values: v } of readCsv(file, cols, { encoding: opts.encoding, onEncoding: (d) => (result0.note = d.note) })) {
    const oldCode = v.old_code ?? '';
    const old = resolveUnit(catalog.units.versions(oldCode), '2000-01-01');
    if (!old) problems.push(problemAt(line, 'units.row.oldUnknown', { code: oldCode }));
    else if (!/^\d{5}$/.test(v.new_code ?? '')) problems.push(problemAt(line, 'units.row.badNewCode', { value: v.new_code ?? '' }));
    else if (!/^\d{2}$/.test(v.new_province_code ?? '')) problems.push(problemAt(line, 'units.row.badProvinceCode', { value: v.new_province_code ?? '' }));
    else rows.push({ line, oldCode, newCode: v.new_code!, newName: v.new_name ?? '', provCode: v.new_province_code!, provName: v.new_province_name ?? '' });
  }
  if (problems.length) fail(file, problems);

  const result: MapImportResult = { file, effective, mappings: 0, newUnits: 0, endedUnits: 0, ...result0 };
  catalog.transaction(() => {
    const provinceIds = new Map<string, number>();
    const ended = new Set<number>();
    const endOld = (id: number) => {
      if (ended.has(id)) return;
      catalog.units.endValidity(id, effective);
      ended.add(id);
    };
    for (const r of rows) {
      if (!provinceIds.has(r.provCode)) {
        const name = /^(Tỉnh|Thành phố)\s/u.test(r.provName) ? r.provName : `Tỉnh ${r.provName}`;
        const p = catalog.units.upsert({ code: r.provCode, name, type: typeFromName(name), level: 'province', parentCode: null, validFrom: effective, validTo: OPEN_END });
        provinceIds.set(r.provCode, p.id);
        if (p.created) result.newUnits += 1;
      }
      const c = catalog.units.upsert({ code: r.newCode, name: r.newName, type: typeFromName(r.newName), level: 'commune', parentCode: r.provCode, validFrom: effective, validTo: OPEN_END });
      if (c.created) result.newUnits += 1;
      const old = resolveUnit(catalog.units.versions(r.oldCode).filter((u) => u.validFrom < effective), '2000-01-01')!;
      catalog.units.addMapping({ oldId: old.id, newId: c.id, effective });
      endOld(old.id);
      result.mappings += 1;
      // Districts and the old province map to the new province.
      let parentCode = old.parentCode;
      while (parentCode) {
        const parent = resolveUnit(catalog.units.versions(parentCode).filter((u) => u.validFrom < effective), '2000-01-01');
        if (!parent || ended.has(parent.id)) break;
        catalog.units.addMapping({ oldId: parent.id, newId: provinceIds.get(r.provCode)!, effective });
        endOld(parent.id);
        result.mappings += 1;
        parentCode = parent.parentCode;
      }
    }
    result.endedUnits = ended.size;
  });
  return result;
}
