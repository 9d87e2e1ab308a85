import type { Level } from '../config/schema.js';

export const LEVELS: readonly Level[] = ['province', 'district', 'commune'];

/** The date from which Vietnam's local government has two levels (no districts). */
export const TWO_LEVEL_FROM = '2025-07-01';

export const OPEN_START = '0000-01-01';
export const OPEN_END = '9999-12-31';

export interface Unit {
  id: number;
  code: string;
  name: string;
  type: string | null;
  level: Level;
  parentCode: string | null;
  /** Valid from this date (inclusive) to validTo (exclusive). */
  validFrom: string;
  validTo: string;
}

export function isValidOn(u: Pick<Unit, 'validFrom' | 'validTo'>, date: string): boolean {
  return u.validFrom <= date && date < u.validTo;
}

/**
 * Picks the version of a unit code that was valid on a date. A code can be reused by the
 * reorganisation for a different commune, so the date matters. With no date, or none valid
 * then, the latest version wins.
 */
export function resolveUnit(versions: readonly Unit[], date: string | null | undefined): Unit | undefined {
  if (versions.length === 0) return undefined;
  if (date) {
    const hit = versions.find((u) => isValidOn(u, date));
    if (hit) return hit;
  }
  return [...versions].sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
}

/** GSO codes: 2 digits for a province, 3 for a district, 5 for a commune. */
export function levelFromCode(code: string): Level | undefined {
  if (/^\d{2}$/.test(code)) return 'province';
  if (/^\d{3}$/.test(code)) return 'district';
  if (/^\d{5}$/.test(code)) return 'commune';
  return undefined;
}

export function parseLevel(s: string): Level | undefined {
  const v = s.trim().toLowerCase();
  const aliases: Record<string, Level> = {
    province: 'province', tinh: 'province', 'tỉnh': 'province',
    district: 'district', huyen: 'district', 'huyện': 'district',
    commune: 'commune', xa: 'commune', 'xã': 'commune',
  };
  return aliases[v];
}

/**
 * Parent/children index over a set of unit versions, possibly of several structures.
 * A parent is the version of the parent code that was valid when the child began, so a
 * 2022 commune finds its 2022 district even where codes were later reused.
 */
export class UnitTree {
  readonly byId = new Map<number, Unit>();
  private readonly byCode = new Map<string, Unit[]>();
  private readonly kids = new Map<number, Unit[]>();

  constructor(units: readonly Unit[]) {
    for (const u of units) {
      this.byId.set(u.id, u);
      const list = this.byCode.get(u.code) ?? [];
      list.push(u);
      this.byCode.set(u.code, list);
    }
    for (const u of units) {
      const p = this.parent(u);
      if (p) {
        const list = this.kids.get(p.id) ?? [];
        list.push(u);
        this.kids.set(p.id, list);
      }
    }
    for (const list of this.kids.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  }

  parent(u: Unit): Unit | undefined {
    if (!u.parentCode) return undefined;
    return resolveUnit(this.byCode.get(u.parentCode) ?? [], u.validFrom);
  }

  children(u: Unit): Unit[] {
    return this.kids.get(u.id) ?? [];
  }

  roots(): Unit[] {
    return [...this.byId.values()].filter((u) => !this.parent(u)).sort((a, b) => a.code.localeCompare(b.code));
  }

  /** The unit and its ancestors, nearest first. */
  ancestry(u: Unit): Unit[] {
    const out: Unit[] = [];
    for (let cur: Unit | undefined = u; cur && out.length < 10; cur = this.parent(cur)) out.push(cur);
    return out;
  }

  /** Depth-first order: a province, its districts, each followed by its communes. */
  ordered(): Unit[] {
    const out: Unit[] = [];
    const walk = (u: Unit) => {
      out.push(u);
      this.children(u).forEach(walk);
    };
    this.roots().forEach(walk);
    return out;
  }

  /** The version of a code valid on a date (default: the latest). */
  findByCode(code: string, date?: string): Unit | undefined {
    return resolveUnit(this.byCode.get(code) ?? [], date);
  }
}
