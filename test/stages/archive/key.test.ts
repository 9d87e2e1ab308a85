import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import { UnitTree } from '../../../src/domain/units.js';
import { UsageError } from '../../../src/errors.js';
import { importUnitMap, importUnits } from '../../../src/registry/units-import.js';
import { DEFAULT_KEY_TEMPLATE, renderKey, segment, sidecarKeyFor, unitPath } from '../../../src/stages/archive/key.js';
import { ROOT, tempDir } from '../../helpers/cli.js';

describe('archive keys', () => {
  let tree: UnitTree;
  beforeAll(async () => {
    const catalog = openSqliteCatalog(tempDir());
    await importUnits(catalog, path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv'));
    await importUnitMap(catalog, path.join(ROOT, 'fixtures/units/tra-vinh-to-vinh-long-2025-07-01.csv'));
    tree = new UnitTree(catalog.units.all());
    catalog.close();
  });

  it('resolves a 2024 commune to its province and district', () => {
    expect(unitPath(tree, '29236', '2024-07-01')).toEqual({ province: '84', district: '842', commune: '29236' });
  });

  it('gives a province-level dossier x for district and commune', () => {
    expect(unitPath(tree, '84', '2024-07-01')).toEqual({ province: '84', district: 'x', commune: 'x' });
  });

  it('gives a commune after the 2025 reorganisation no district', () => {
    expect(unitPath(tree, '29242', '2026-03-01')).toEqual({ province: '86', district: 'x', commune: '29242' });
  });

  it('keeps an unknown unit at the level its code length implies', () => {
    expect(unitPath(tree, '99999', '2024-01-01')).toEqual({ province: 'x', district: 'x', commune: '99999' });
    expect(unitPath(undefined, null)).toEqual({ province: 'x', district: 'x', commune: 'x' });
  });

  it('renders the default template', () => {
    const key = renderKey(DEFAULT_KEY_TEMPLATE, {
      province: '84', district: '842', commune: '29236', unit: '29236', year: '2024',
      dossier: 'H59.22-240101-0001', part: 'ket-qua', document: 'doc-7', type: 'decision',
    });
    expect(key).toBe('84/842/29236/2024/H59.22-240101-0001/ket-qua/doc-7.pdf');
    expect(sidecarKeyFor(key)).toBe('84/842/29236/2024/H59.22-240101-0001/ket-qua/doc-7.json');
  });

  it('makes every value one safe path segment', () => {
    expect(segment('000.00/12\\H59')).toBe('000.00-12-H59');
    expect(segment('../etc')).toBe('-etc');
    expect(segment('')).toBe('x');
    expect(segment(null)).toBe('x');
  });

  it('rejects an unknown placeholder, naming it', () => {
    expect(() => renderKey('{province}/{colour}.pdf', {} as never)).toThrow(UsageError);
    expect(() => renderKey('{province}/{colour}.pdf', {} as never)).toThrow(/\{colour\}/);
  });
});
