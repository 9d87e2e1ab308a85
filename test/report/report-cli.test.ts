import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

describe('sohoa report: clear answers instead of silent ones', () => {
  let ws: string[];
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    ws = ['--workspace', path.join(dir, 'ws')];
    for (const args of [
      ['units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')],
      ['units', 'map', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-to-vinh-long-2025-07-01.csv')],
      ['register', 'import', path.join(ROOT, 'fixtures/register/tra-vinh-2022.csv')],
      ['register', 'import', path.join(ROOT, 'fixtures/register/vinh-long-2026.csv')],
    ]) {
      const r = await runCli([...ws, ...args]);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('warns on stderr when two structures would be mixed, in every format', async () => {
    for (const format of ['table', 'csv', 'json']) {
      const r = await runCli([...ws, 'report', '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr, format).toMatch(/Warning: .*two structures.*--structure/);
    }
    const ok = await runCli([...ws, 'report', '--structure', '2025-07-01']);
    expect(ok.stderr).not.toMatch(/Warning/);
  });

  it('exits 1 for a level the structure does not have, and names a merged unit’s successor', async () => {
    const level = await runCli([...ws, 'report', '--structure', '2025-07-01', '--level', 'district']);
    expect(level.code).toBe(1);
    expect(level.stderr).toMatch(/No district-level units/);
    expect(level.stderr).toMatch(/Hint: .*two levels/);
    const unit = await runCli([...ws, 'report', '--structure', '2025-07-01', '--unit', '842']);
    expect(unit.code).toBe(1);
    expect(unit.stderr).toMatch(/merged into 86/);
  });

  it('says the missing level in the run language, and keeps English in --json', async () => {
    const vi = await runCli([...ws, 'report', '--structure', '2025-07-01', '--level', 'district'], { env: { SOHOA_LANG: undefined } });
    expect(vi.code).toBe(1);
    expect(vi.stderr).toContain('Lỗi: Cơ cấu đơn vị hành chính tại ngày 2025-07-01 không có đơn vị nào thuộc cấp đã chọn (--level district)');
    expect(vi.stderr).toContain('Gợi ý: Từ ngày 2025-07-01, chính quyền địa phương chỉ còn hai cấp');
    expect(vi.stderr).not.toMatch(/No district-level|two levels/);
    const json = await runCli([...ws, '--json', 'report', '--structure', '2025-07-01', '--level', 'district'], { env: { SOHOA_LANG: undefined } });
    expect(JSON.parse(json.stdout).error).toMatchObject({ message: 'No district-level units in the structure of 2025-07-01', hint: expect.stringMatching(/two levels/) });
  });

  it('writes xlsx only to a file, and a month trend across the reform', async () => {
    expect((await runCli([...ws, 'report', '--format', 'xlsx'])).code).toBe(1);
    const out = path.join(dir, 'r.xlsx');
    const r = await runCli([...ws, 'report', '--by', 'quarter', '--format', 'xlsx', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK'); // a ZIP container, as xlsx is
    const json = JSON.parse((await runCli([...ws, 'report', '--by', 'quarter', '--format', 'json'])).stdout);
    expect(json.trend.structure).toBeTruthy(); // rolled into the newer structure
    expect(json.trend.points[0].period).toBe('2022-Q1');
    expect(JSON.stringify(json)).not.toMatch(/unitId/);
  });
});
