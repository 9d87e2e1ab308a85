import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const UNITS = path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv');
const MAP = path.join(ROOT, 'fixtures/units/tra-vinh-to-vinh-long-2025-07-01.csv');
const HEADER = 'dossier_code,procedure_code,unit_code,agency,received_date,resolved_date,components_digitized,result_digitized';

function parseCsv(text: string): Array<Record<string, string>> {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => {
    // the fixtures' names have no commas or quotes
    const cells = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

describe('sohoa foundation CLI', () => {
  let dir: string;
  let ws: string[];
  beforeAll(() => {
    dir = tempDir();
    ws = ['--workspace', path.join(dir, 'ws')];
  });

  it('imports units and lists them by level and parent', async () => {
    const imp = await runCli([...ws, 'units', 'import', UNITS, '--json']);
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.stdout).byLevel).toEqual({ province: 1, district: 9, commune: 104 });
    const list = await runCli([...ws, 'units', 'list', '--level', 'district', '--json']);
    const districts = JSON.parse(list.stdout) as Array<{ code: string }>;
    expect(districts.map((d) => d.code)).toEqual(['842', '844', '845', '846', '847', '848', '849', '850', '851']);
    const kids = JSON.parse((await runCli([...ws, 'units', 'list', '--parent', '842', '--json'])).stdout) as unknown[];
    expect(kids.length).toBe(8); // Phường 1, 3, 4, 5, 7, 8, 9 and Xã Long Đức
    const map = await runCli([...ws, 'units', 'map', 'import', MAP, '--json']);
    expect(map.code).toBe(0);
    expect(JSON.parse(map.stdout)).toMatchObject({ mappings: 114, endedUnits: 114 });
    const after = JSON.parse((await runCli([...ws, 'units', 'list', '--on', '2026-01-01', '--level', 'commune', '--json'])).stdout) as unknown[];
    expect(after.length).toBe(41);
  });

  it('rejects a register with bad rows as a whole, naming lines and reasons', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      [HEADER, 'A1,P,29236,UBND,2022-01-03,,1,0', 'A2,P,99999,UBND,2022-01-03,,1,0', 'A3,P,29236,UBND,2022-13-03,,1,0', 'A4,P,29236,UBND,2022-01-03,,2,0'].join('\n'),
    );
    const r = await runCli([...ws, 'register', 'import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 3: unknown unit "99999"');
    expect(r.stderr).toContain('line 4: bad received_date "2022-13-03"');
    expect(r.stderr).toContain('line 5: bad components_digitized "2"');
    expect(r.stderr).toMatch(/nothing was imported/);
    const rep = JSON.parse((await runCli([...ws, 'report', '--format', 'json'])).stdout) as { levels: Array<{ figures: { received: number } }> };
    expect(rep.levels.reduce((a, l) => a + l.figures.received, 0)).toBe(0);

    const skip = await runCli([...ws, 'register', 'import', file, '--skip-invalid', '--json']);
    expect(skip.code).toBe(2);
    expect(JSON.parse(skip.stdout)).toMatchObject({ rows: 4, inserted: 1, skipped: 3 });
  });

  it('imports the sample register idempotently and reports in every format', async () => {
    const reg = path.join(ROOT, 'fixtures/register/tra-vinh-2022.csv');
    const first = JSON.parse((await runCli([...ws, 'register', 'import', reg, '--json'])).stdout);
    expect(first).toMatchObject({ rows: 600, inserted: 600, updated: 0 });
    const again = JSON.parse((await runCli([...ws, 'register', 'import', reg, '--json'])).stdout);
    expect(again).toMatchObject({ rows: 600, inserted: 0, updated: 600 });

    // Expected figures, computed here from the CSV itself.
    const rows = parseCsv(readFileSync(reg, 'utf8'));
    const communeRows = rows.filter((r) => r.unit_code!.length === 5);
    const expectReceived = communeRows.length + 1; // + A1 from the --skip-invalid import
    const expectDigitized = communeRows.filter((r) => r.components_digitized === '1').length + 1;

    const csv = await runCli([...ws, 'report', '--format', 'csv', '--lang', 'en', '--to', '2022-12-31']);
    expect(csv.code).toBe(0);
    const lines = parseCsv(csv.stdout);
    const communeLevel = lines.find((l) => l.row_type === 'level' && l.level === 'commune')!;
    expect(Number(communeLevel.received)).toBe(expectReceived);
    expect(Number(communeLevel.components_digitized)).toBe(expectDigitized);
    expect(Number(communeLevel.components_rate)).toBeCloseTo(Math.round((expectDigitized / expectReceived) * 1000) / 10, 5);
    expect(Number(communeLevel.target)).toBe(35);

    const json = JSON.parse((await runCli([...ws, 'report', '--format', 'json', '--level', 'district', '--to', '2022-12-31'])).stdout);
    expect(json.rows).toHaveLength(9);
    const d842 = json.rows.find((r: { code: string }) => r.code === '842');
    expect(d842.own.received).toBe(rows.filter((r) => r.unit_code === '842').length);

    const table = await runCli([...ws, 'report', '--lang', 'en', '--targets', 'commune=20', '--to', '2022-12-31']);
    expect(table.stdout).toContain('Commune level');
    expect(table.stdout).toMatch(/Commune level\s+104\s+\d+/);

    const out = path.join(dir, 'r.html');
    const html = await runCli([...ws, '--lang', 'vi', 'report', '--format', 'html', '--out', out]);
    expect(html.code).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<script|(?:src|href)="?https?:/);
    expect(page).toContain('Cấp xã');
  });

  it('maps the register into the two-level structure', async () => {
    const r = JSON.parse((await runCli([...ws, 'report', '--format', 'json', '--structure', '2025-07-01'])).stdout);
    expect(r.levels.map((l: { level: string }) => l.level)).toEqual(['province', 'commune']);
    const total = r.levels.reduce((a: number, l: { figures: { received: number } }) => a + l.figures.received, 0);
    expect(total).toBe(601);
  });

  it('exits 3 naming an unknown or bad config key', async () => {
    const cfg = path.join(dir, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ report: { targetz: {} } }));
    const r = await runCli([...ws, '--config', cfg, 'units', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Unknown config key report.targetz');
    const e = await runCli([...ws, 'units', 'list'], { env: { SOHOA_REPORT_LANG: 'fr' } });
    expect(e.code).toBe(3);
    expect(e.stderr).toContain('report.lang');
    const u = await runCli([...ws, 'units', 'list'], { env: { SOHOA_WORKSPAC: 'x' } });
    expect(u.code).toBe(3);
    expect(u.stderr).toContain('SOHOA_WORKSPAC');
  });

  it('exits 1 on usage errors and shows examples in --help', async () => {
    const r = await runCli(['report', '--format', 'pdf']);
    expect(r.code).toBe(1);
    const h = await runCli(['report', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Example');
    const missing = await runCli([...ws, 'register', 'import', path.join(dir, 'nope.csv')]);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toMatch(/^Error: .*nope\.csv/m);
  });
});
