import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import { buildReport } from '../../src/report/build.js';
import { openReportCatalog, TARGETS } from './fixture.js';

let catalog: SqlCatalog;
beforeAll(async () => {
  catalog = await openReportCatalog();
});
afterAll(() => catalog.close());

describe('buildReport', () => {
  it('counts own figures per unit and sums each level from own figures', () => {
    const r = buildReport(catalog, { targets: TARGETS, to: '2022-12-31', measures: ['components', 'results'] });
    const row = (code: string) => r.rows.find((x) => x.code === code)!;
    // Province: 4 received, 3 components digitized (75%), 2 resolved, 1 result digitized (50%)
    expect(row('84').own).toMatchObject({ received: 4, componentsDigitized: 3, componentsRate: 75, resultsIssued: 2, resultsDigitized: 1, resultsRate: 50, met: true });
    // Commune level = 29236 (5) + 29239 (2) = 7 received, 2 digitized → 28.6%, gap to 35 = 6.4
    const commune = r.levels.find((l) => l.level === 'commune')!;
    expect(commune.figures).toMatchObject({ received: 7, componentsDigitized: 2, componentsRate: 28.6, componentsGap: 6.4, met: false });
    // District level: only 842's own 2 dossiers (1 digitized: 50%), results 1/1
    expect(r.levels.find((l) => l.level === 'district')!.figures).toMatchObject({ received: 2, componentsRate: 50, resultsRate: 100, met: true });
  });

  it('rolls area figures up the tree', () => {
    const r = buildReport(catalog, { targets: TARGETS, to: '2022-12-31' });
    const row = (code: string) => r.rows.find((x) => x.code === code)!;
    // 842 area: 2 + 5 + 2 = 9 received, 1 + 2 + 0 = 3 digitized → 33.3%
    expect(row('842').area).toMatchObject({ received: 9, componentsDigitized: 3, componentsRate: 33.3 });
    // province area: 4 + 9 + 0 = 13 received, 6 digitized → 46.2%
    expect(row('84').area).toMatchObject({ received: 13, componentsDigitized: 6, componentsRate: 46.2 });
  });

  it('filters by received date', () => {
    const all = buildReport(catalog, { targets: TARGETS });
    expect(all.rows.find((x) => x.code === '29266')!.own.received).toBe(1);
    const h1 = buildReport(catalog, { targets: TARGETS, from: '2022-02-01', to: '2022-04-30' });
    // P2, P3, P4 (province); C2, C3, C4 (29236)
    expect(h1.rows.find((x) => x.code === '84')!.own.received).toBe(3);
    expect(h1.rows.find((x) => x.code === '29236')!.own.received).toBe(3);
    expect(h1.rows.find((x) => x.code === '84')!.area.received).toBe(6);
  });

  it('maps old units into the 2025-07-01 structure', () => {
    const r = buildReport(catalog, { targets: TARGETS, structure: '2025-07-01' });
    expect(r.levels.map((l) => l.level)).toEqual(['province', 'commune']);
    const row = (code: string) => r.rows.find((x) => x.code === code)!;
    // Province 86 receives the old province's 4 and district 842's 2: 6 received, 4 digitized
    expect(row('86').own).toMatchObject({ received: 6, componentsDigitized: 4, componentsRate: 66.7 });
    expect(row('29263').own.received).toBe(5);
    expect(row('29242').own.received).toBe(2);
    expect(row('29242').parentCode).toBe('86');
    expect(row('29269').own.received).toBe(1);
    expect(r.warnings).toEqual([]);
    expect(row('86').area.received).toBe(14);
  });

  it('drills into a unit and filters a level', () => {
    const r = buildReport(catalog, { targets: TARGETS, unit: '842', to: '2022-12-31' });
    expect(r.rows.map((x) => x.code)).toEqual(['842', '29236', '29239']);
    const c = buildReport(catalog, { targets: TARGETS, level: 'district', to: '2022-12-31' });
    expect(c.rows.map((x) => x.code)).toEqual(['842', '844']);
  });

  it('applies custom targets', () => {
    const r = buildReport(catalog, { targets: { ...TARGETS, commune: 25 }, to: '2022-12-31', measures: ['components', 'results'] });
    expect(r.levels.find((l) => l.level === 'commune')!.figures).toMatchObject({ target: 25, componentsGap: 0, met: true });
  });
});
