import { UnitTree, type Unit } from '../../domain/units.js';
import { UsageError } from '../../errors.js';
import { maskCitizenIdsInName } from '../../domain/privacy.js';

/** The default key: province/district-or-x/commune-or-x/year/dossier/part/document.pdf */
export const DEFAULT_KEY_TEMPLATE = '{province}/{district}/{commune}/{year}/{dossier}/{part}/{document}.pdf';

export const KEY_PLACEHOLDERS = ['province', 'district', 'commune', 'unit', 'year', 'dossier', 'part', 'document', 'type'] as const;
export type KeyVars = Record<(typeof KEY_PLACEHOLDERS)[number], string>;

/** Placeholder for a level that does not apply (a provincial dossier's district, or no district after 2025). */
export const NONE = 'x';

export interface UnitPath {
  province: string;
  district: string;
  commune: string;
}

/**
 * Resolves the province/district/commune codes of the receiving unit, as the structure stood
 * on `date` (a 2024 commune keeps its district; a 2026 commune has none). Unknown units keep
 * their own code at the level its length implies, and `x` elsewhere.
 */
export function unitPath(tree: UnitTree | undefined, unitCode: string | null | undefined, date?: string): UnitPath {
  const out: UnitPath = { province: NONE, district: NONE, commune: NONE };
  if (!unitCode) return out;
  const unit = tree?.findByCode(unitCode, date);
  if (!unit) {
    if (/^\d{2}$/.test(unitCode)) out.province = unitCode;
    else if (/^\d{3}$/.test(unitCode)) out.district = unitCode;
    else if (/^\d{5}$/.test(unitCode)) out.commune = unitCode;
    else out.province = unitCode;
    return out;
  }
  const chain: Unit[] = tree!.ancestry(unit);
  for (const u of chain) {
    if (out[u.level] === NONE) out[u.level] = u.code;
  }
  return out;
}

/** One path segment: no separators, no leading dot, never empty. */
export function segment(value: string | number | null | undefined): string {
  const s = String(value ?? '')
    .normalize('NFC')
    .replace(/[/\\\0]+/g, '-')
    .replace(/[\u0000-\u001f]/g, '')
    .trim()
    .replace(/^\.+/, '');
  return s.length ? s : NONE;
}

/**
 * A document's name as keys and sidecars show it: a citizen ID number taken from the scan's file
 * name (`cccd-084012341234`) is masked (`cccd-0840xxxx1234`), since archive keys are listed, logged
 * and shared far more widely than the records. A trailing content hash (`-3fa4b2c9d1`) is kept whole.
 */
export function publicName(name: string): string {
  const hash = /-[0-9a-f]{6,}$/.exec(name);
  const head = hash ? name.slice(0, hash.index) : name;
  return maskCitizenIdsInName(head) + (hash ? hash[0] : '');
}

/** Fills a key template; unknown placeholders are a usage error naming the template. */
export function renderKey(template: string, vars: KeyVars): string {
  return template.replace(/\{([a-z]+)\}/g, (_m, name: string) => {
    if (!(KEY_PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new UsageError(`Expected placeholders ${KEY_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')} in archiveKeyTemplate, got {${name}} in "${template}"`);
    }
    return segment(vars[name as keyof KeyVars]);
  });
}

/** The sidecar's key: the object's key with `.json` in place of `.pdf`. */
export function sidecarKeyFor(key: string): string {
  return /\.pdf$/i.test(key) ? key.slice(0, -4) + '.json' : key + '.json';
}
