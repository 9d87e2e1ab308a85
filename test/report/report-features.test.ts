import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import { buildReport } from '../../src/report/build.js';
import { renderCsv, renderTable } from '../../src/report/render-text.js';
import { renderXlsx } from '../../src/report/render-xlsx.js';
import { buildTrend, periods } from '../../src/report/trend.js';
import { UsageError } from '../../src/errors.js';
import { t } from '../../src/i18n/index.js';
import { openReportCatalog, TARGETS } from './fixture.js';

// Dossiers received after the 2025-07-01 reform, by the new units.
const NEW_ROWS: Parameters<typeof openReportCatalog>[0] = [
  ['N1', '29263', '2026-01-05', '2026-01-10', 1, 1],
  ['N2', '29263', '2026-02-05', '', 0, 0],
  ['N3', '86', '2026-04-05', '2026-04-06', 1, 0],
];

let catalog: SqlCatalog;
beforeAll(async () => {
  catalog = await openReportCatalog(NEW_ROWS);
});
afterAll(() => catalog.close());

const y2022 = { targets: TARGETS, from: '2022-01-01', to: '2022-12-31' };

describe('report: totals, ranking and what the JSON exposes', () => {
  it('has area totals equal to the sum of the levels, and no internal ids', () => {
    const r = buildReport(catalog, y2022);
    const sum = (k: 'received' | 'componentsDigitized') => r.levels.reduce((n, l) => n + l.figures[k], 0);
    expect(r.total.received).toBe(sum('received'));
    expect(r.total.componentsDigitized).toBe(sum('componentsDigitized'));
    expect(r.total.received).toBe(13); // every 2022 row of the fixture
    expect(JSON.stringify(r)).not.toMatch(/unitId|"id"/);
  });

  it('sorts each level by rate, gap or name, and keeps the top or bottom N', () => {
    const communes = (o: object) => buildReport(catalog, { ...y2022, level: 'commune', measures: ['components'], ...o }).rows.map((x) => x.code);
    // 29236: 2/5 = 40%; 29239: 0/2 = 0%; 29266: no 2022 dossiers
    expect(communes({ sort: 'rate' })).toEqual(['29236', '29239', '29266']);
    expect(communes({ sort: 'gap' })).toEqual(['29239', '29236', '29266']);
    expect(communes({ sort: 'name' })).toEqual(['29239', '29236', '29266']); // Phường 1, Phường 4, Thị trấn …
    expect(communes({ top: 1 })).toEqual(['29236']);
    expect(communes({ bottom: 1 })).toEqual(['29239']);
  });

  it('names the three units furthest below target, largest gap first', () => {
    const r = buildReport(catalog, { ...y2022, measures: ['components', 'results'] });
    expect(r.furthestBelow.length).toBeLessThanOrEqual(3);
    const gaps = r.furthestBelow.map((x) => x.own.gap!);
    expect(gaps.every((g) => g > 0)).toBe(true);
    expect([...gaps].sort((a, b) => b - a)).toEqual(gaps);
    expect(r.furthestBelow[0]!.code).toBe('29239'); // 0% against 35
  });
});

describe('report: structures', () => {
  it('warns when the units of the period span two structures, and not with --structure or a one-structure period', () => {
    const mixed = buildReport(catalog, { targets: TARGETS });
    expect(mixed.warnings.join(' ')).toMatch(/two structures.*--structure 2025-07-01/);
    // In the report's language, from its catalogue text; JSON keeps the English.
    expect(mixed.warningsSaid).toEqual([{ key: 'report.warn.mixed', params: { ended: '2025-07-01', began: '2025-07-01' } }]);
    const vi = renderTable(mixed, 'vi');
    expect(vi).toContain('Lưu ý: các đơn vị có hồ sơ trong kỳ này thuộc hai cơ cấu đơn vị hành chính');
    expect(vi).not.toContain('two structures');
    expect(renderTable(mixed, 'en')).toContain(`Warnings: ${mixed.warnings[0]}`);
    expect(buildReport(catalog, { targets: TARGETS, structure: '2025-07-01' }).warnings).toEqual([]);
    expect(buildReport(catalog, y2022).warnings).toEqual([]);
  });

  it('refuses a level the structure does not have, with exit 1 and a hint', () => {
    let err: unknown;
    try {
      buildReport(catalog, { targets: TARGETS, structure: '2025-07-01', level: 'district' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(1);
    expect((err as UsageError).hint).toMatch(/two levels/);
  });

  it('names the successor of a merged unit', () => {
    expect(() => buildReport(catalog, { targets: TARGETS, structure: '2025-07-01', unit: '842' })).toThrow(/merged into 86/);
    expect(() => buildReport(catalog, { targets: TARGETS, structure: '2025-07-01', unit: '29236' })).toThrow(/merged into 29263/);
    expect(() => buildReport(catalog, { targets: TARGETS, unit: '77777' })).toThrow(/Unknown unit 77777/);
  });

  it('says the unit errors through the catalogues (English text = message and hint; Vietnamese too)', () => {
    const caught = (unit: string, structure?: string) => {
      try {
        buildReport(catalog, { targets: TARGETS, unit, ...(structure ? { structure } : {}) });
      } catch (err) {
        return err as UsageError;
      }
      throw new Error(`expected unit ${unit} to be refused`);
    };
    const merged = caught('842', '2025-07-01');
    const unknown = caught('77777');
    for (const err of [merged, unknown]) {
      expect(t(err.key!, err.params, 'en')).toBe(err.message);
      expect(t(err.hintKey!, err.hintParams, 'en')).toBe(err.hint);
    }
    expect(t(merged.key!, merged.params, 'vi')).toMatch(/^Đơn vị 842 \(.+\) không còn trong cơ cấu đơn vị hành chính tại ngày 2025-07-01: đã được sáp nhập vào 86 /);
    expect(t(unknown.key!, unknown.params, 'vi')).toBe('Không có đơn vị hành chính 77777');
  });
});

describe('report: trend', () => {
  it('splits a span into calendar months or quarters, clipped to it', () => {
    expect(periods('2022-02-15', '2022-04-10', 'month')).toEqual([
      { period: '2022-02', from: '2022-02-15', to: '2022-02-28' },
      { period: '2022-03', from: '2022-03-01', to: '2022-03-31' },
      { period: '2022-04', from: '2022-04-01', to: '2022-04-10' },
    ]);
    expect(periods('2022-02-15', '2022-12-31', 'quarter').map((p) => p.period)).toEqual(['2022-Q1', '2022-Q2', '2022-Q3', '2022-Q4']);
  });

  it('runs across the 2025-07-01 reform in the new structure, counting every dossier once', () => {
    const opts = { targets: TARGETS, from: '2022-01-01', to: '2026-06-30' };
    const t = buildTrend(catalog, opts, 'quarter');
    expect(t.structure).toBe('2026-06-30');
    const levels = new Set(t.points.flatMap((p) => p.levels.map((l) => l.level)));
    expect([...levels].sort()).toEqual(['commune', 'province']); // no district level after the reform
    const received = t.points.reduce((n, p) => n + p.levels.reduce((m, l) => m + l.figures.received, 0), 0);
    expect(received).toBe(14 + NEW_ROWS.length); // all 2022–2023 rows mapped, plus the new ones
    const q1 = t.points.find((p) => p.period === '2026-Q1')!;
    expect(q1.levels.find((l) => l.level === 'commune')!.figures).toMatchObject({ received: 2, componentsDigitized: 1 });
  });

  it('follows one unit with --unit', () => {
    const t = buildTrend(catalog, { targets: TARGETS, from: '2022-01-01', to: '2022-06-30', unit: '29236' }, 'month');
    expect(t.points.map((p) => p.unit?.figures.received ?? 0)).toEqual([1, 1, 1, 1, 1, 0]);
  });
});

describe('report: CSV and Excel', () => {
  it('writes Vietnamese headers and a BOM with --lang vi, English keys without one otherwise', () => {
    const r = buildReport(catalog, y2022);
    const vi = renderCsv(r, { lang: 'vi' });
    expect(vi.charCodeAt(0)).toBe(0xfeff);
    expect(vi.split('\n')[0]).toContain('Tỷ lệ số hóa hồ sơ (%)');
    const en = renderCsv(r, { lang: 'en' });
    expect(en.charCodeAt(0)).not.toBe(0xfeff);
    expect(en.split('\n')[0]!.split(',').slice(0, 3)).toEqual(['row_type', 'code', 'name']);
    expect(renderCsv(r, { lang: 'vi', bom: false }).charCodeAt(0)).not.toBe(0xfeff);
    expect(renderCsv(r, { lang: 'en', bom: true }).charCodeAt(0)).toBe(0xfeff);
  });

  it('writes a workbook whose figures, re-read with exceljs, equal the JSON', async () => {
    const r = buildReport(catalog, { ...y2022, measures: ['components', 'results'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(r, 'vi')) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Cấp tỉnh', 'Cấp huyện', 'Cấp xã']);
    const communes = wb.getWorksheet('Cấp xã')!;
    expect(communes.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(communes.getRow(1).getCell(5).value).toBe('Tỷ lệ số hóa hồ sơ (%)');
    const want = r.rows.filter((x) => x.level === 'commune');
    expect(communes.rowCount).toBe(want.length + 1);
    want.forEach((row, i) => {
      const got = communes.getRow(i + 2);
      expect(got.getCell(1).value).toBe(row.code);
      expect(got.getCell(3).value).toBe(row.own.received);
      expect(got.getCell(5).value).toBe(row.own.componentsRate);
      expect(got.getCell(5).numFmt).toBe('0.0');
      const met = got.getCell(15);
      if (row.own.met !== null) expect((met.fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe(row.own.met ? 'FFC8E6C9' : 'FFFFCDD2');
    });
  });
});
