import { defaultRulesPath, readRulesFile, typeInfoOf } from './rules.js';
import type { TypeInfo } from './type-id.js';

export { TYPE_ID_PATTERN, type TypeInfo } from './type-id.js';

/**
 * The built-in document types, read from the one data file `rules/default.json`: the 29
 * administrative types of Decree 30/2020 Art. 7 (with their Annex III abbreviations; công văn
 * and thư công have none), the citizen-dossier components, hóa đơn, and `khac`. Type ids are a
 * contract (reports, archive keys and retention rules use them), so they never change; a type
 * that is renamed keeps its old id in `aliases`.
 */
export const BUILTIN_TYPES: ReadonlyArray<TypeInfo> = readRulesFile(defaultRulesPath()).types.map(typeInfoOf);

/** The fallback when nothing matches. */
export const OTHER_TYPE = 'khac';

/** The current id of a type id that may be an old alias (catalog rows, models trained before). */
export function canonicalTypeId(id: string, types: ReadonlyArray<{ id: string; aliases?: string[] }> = BUILTIN_TYPES): string {
  return types.find((t) => t.id === id || t.aliases?.includes(id))?.id ?? id;
}
