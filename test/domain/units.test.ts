import { describe, expect, it } from 'vitest';
import { isValidOn, levelFromCode, resolveUnit, UnitTree, type Unit } from '../../src/domain/units.js';

const u = (id: number, code: string, level: Unit['level'], parentCode: string | null, validFrom = '0000-01-01', validTo = '9999-12-31'): Unit => ({
  id, code, name: `U${code}`, type: null, level, parentCode, validFrom, validTo,
});

describe('units', () => {
  it('knows levels from GSO code lengths', () => {
    expect(levelFromCode('84')).toBe('province');
    expect(levelFromCode('842')).toBe('district');
    expect(levelFromCode('29236')).toBe('commune');
    expect(levelFromCode('8')).toBeUndefined();
  });

  it('resolves a reused code by date', () => {
    const old = u(1, '29242', 'commune', '842', '0000-01-01', '2025-07-01');
    const neu = u(2, '29242', 'commune', '86', '2025-07-01');
    expect(isValidOn(old, '2025-06-30')).toBe(true);
    expect(isValidOn(old, '2025-07-01')).toBe(false);
    expect(resolveUnit([old, neu], '2022-05-01')?.id).toBe(1);
    expect(resolveUnit([old, neu], '2026-01-01')?.id).toBe(2);
    expect(resolveUnit([old, neu], undefined)?.id).toBe(2);
  });

  it('builds a tree whose parents are of the same era', () => {
    const units = [
      u(1, '84', 'province', null, '0000-01-01', '2025-07-01'),
      u(2, '842', 'district', '84', '0000-01-01', '2025-07-01'),
      u(3, '29242', 'commune', '842', '0000-01-01', '2025-07-01'),
      u(4, '86', 'province', null, '2025-07-01'),
      u(5, '29242', 'commune', '86', '2025-07-01'),
    ];
    const t = new UnitTree(units);
    expect(t.parent(units[2]!)?.code).toBe('842');
    expect(t.parent(units[4]!)?.code).toBe('86');
    expect(t.ordered().map((x) => x.id)).toEqual([1, 2, 3, 4, 5]);
    expect(t.ancestry(units[2]!).map((x) => x.code)).toEqual(['29242', '842', '84']);
  });
});
