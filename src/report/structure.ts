import type { Level } from '../config/schema.js';
import type { UnitMapping } from '../ports/catalog.js';
import { isValidOn, TWO_LEVEL_FROM, type Unit } from '../domain/units.js';
import { UsageError } from '../errors.js';
import type { Said } from '../i18n/said.js';

/** A warning of the report, as a catalogue text: said in the report's language, in English in JSON. */
export type ReportWarning = Said;

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

/**
 * Units that were never valid on one common day belong to different structures (Trà Vinh 2022
 * and Vĩnh Long 2026): adding them into one level table would mix the two without saying so.
 */
export function mixedStructureWarning(units: readonly Unit[]): ReportWarning | undefined {
  if (units.length < 2) return undefined;
  const latestStart = units.reduce((m, u) => (u.validFrom > m ? u.validFrom : m), units[0]!.validFrom);
  const earliestEnd = units.reduce((m, u) => (u.validTo < m ? u.validTo : m), units[0]!.validTo);
  if (latestStart < earliestEnd) return undefined;
  return { key: 'report.warn.mixed', params: { ended: earliestEnd, began: latestStart } };
}

/** A level the chosen structure does not have is a usage error, not an empty table. */
export function checkLevel(units: readonly Unit[], level: Level, structure: string | undefined): void {
  if (units.some((u) => u.level === level)) return;
  const twoLevels = level === 'district' && structure !== undefined && structure >= TWO_LEVEL_FROM;
  const hint = twoLevels
    ? { hint: `Since ${TWO_LEVEL_FROM} local government has two levels (province and commune): use --level province or --level commune, or an earlier --structure date.`, hintKey: 'report.err.twoLevelsHint' as const, hintParams: { from: TWO_LEVEL_FROM } }
    : { hint: `See \`sohoa units list --level ${level}\`.`, hintKey: 'report.err.listLevelHint' as const, hintParams: { level } };
  if (structure) throw new UsageError(`No ${level}-level units in the structure of ${structure}`, { ...hint, key: 'report.err.noLevelIn', params: { level, structure } });
  throw new UsageError(`No ${level}-level units in this period`, { ...hint, key: 'report.err.noLevelPeriod', params: { level } });
}

/** "Unknown unit", with the successor when the unit was merged by a reorganisation. */
export function unknownUnitError(code: string, all: readonly Unit[], maps: UnitMapping[], structure: string | undefined): UsageError {
  const versions = all.filter((u) => u.code === code);
  if (versions.length === 0) return new UsageError(`Unknown unit ${code}`, { hint: 'See `sohoa units list`.', key: 'units.unknown', params: { code }, hintKey: 'units.unknownHint' });
  const byId = new Map(all.map((u) => [u.id, u]));
  const date = structure ?? TWO_LEVEL_FROM;
  const old = versions.find((u) => !isValidOn(u, date)) ?? versions[0]!;
  const successor = mapToStructure(old, date, byId, maps);
  if (successor && successor.code !== code) {
    return new UsageError(`Unit ${code} (${old.name}) does not exist in the structure of ${date}: it was merged into ${successor.code} (${successor.name})`, {
      hint: `Use --unit ${successor.code}, or a --structure date before ${old.validTo} to see ${code} as it was.`,
      key: 'units.merged',
      params: { code, name: old.name, date, successor: successor.code, successorName: successor.name },
      hintKey: 'units.mergedHint',
      hintParams: { successor: successor.code, validTo: old.validTo, code },
    });
  }
  return new UsageError(`Unit ${code} (${old.name}) is not valid in the structure of ${date}`, {
    hint: `Use a --structure date before ${old.validTo}.`,
    key: 'units.notValid',
    params: { code, name: old.name, date },
    hintKey: 'units.notValidHint',
    hintParams: { validTo: old.validTo },
  });
}
