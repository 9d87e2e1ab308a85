import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTER_COLUMNS } from '../../src/registry/register-import.js';
import { runCli, tempDir } from '../helpers/cli.js';

/** The rarer typed errors (register imports, `run --stages`) speak the run language; JSON stays English. */
describe('the language of the rarer errors', () => {
  const dir = tempDir('sohoa-lang-errors-');
  const ws = ['--workspace', path.join(dir, 'ws')];
  const vi = { SOHOA_LANG: undefined }; // the helper sets SOHOA_LANG=en for the other tests
  const badHeader = path.join(dir, 'bad-header.csv');
  writeFileSync(badHeader, 'ma,ten\n1,Hồ sơ\n');

  it('a register without the expected header: Vietnamese by default and with --lang vi, English with --lang en, exit 2', async () => {
    const byDefault = await runCli([...ws, 'register', 'import', badHeader], { env: vi });
    expect(byDefault.code, byDefault.stderr).toBe(2);
    expect(byDefault.stderr).toContain('Lỗi:');
    expect(byDefault.stderr).toMatch(/bad-header\.csv: cần các cột .+, còn thiếu /);
    expect(byDefault.stderr).toContain('Dòng đầu tiên phải là dòng tiêu đề cột.');
    expect(byDefault.stderr).not.toContain('expected columns');
    const viFlag = await runCli([...ws, '--lang', 'vi', 'register', 'import', badHeader], { env: vi });
    expect(viFlag.code).toBe(2);
    expect(viFlag.stderr).toContain('còn thiếu');
    const en = await runCli([...ws, '--lang', 'en', 'register', 'import', badHeader], { env: vi });
    expect(en.code).toBe(2);
    expect(en.stderr).toMatch(/bad-header\.csv: expected columns .+, missing /);
    expect(en.stderr).toContain('The first line must be the header row.');
    expect(en.stderr).not.toContain('còn thiếu');
  });

  it('a register with invalid rows: the headline in the run language, exit 2', async () => {
    const file = path.join(dir, 'bad-rows.csv');
    // Every column present, one row with only its first cell filled: invalid.
    writeFileSync(file, `${REGISTER_COLUMNS.join(',')}\nx${','.repeat(REGISTER_COLUMNS.length - 1)}\n`);
    const r = await runCli([...ws, '--lang', 'vi', 'register', 'import', file], { env: vi });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/bad-rows\.csv: 1\/1 dòng không hợp lệ; chưa nhập gì/);
    expect(r.stderr).toContain('  dòng 2: không có đơn vị hành chính ""');
    expect(r.stderr).toContain('--skip-invalid');
    const en = await runCli([...ws, '--lang', 'en', 'register', 'import', file], { env: vi });
    expect(en.stderr).toMatch(/bad-rows\.csv: 1 invalid row\(s\) of 1; nothing was imported/);
    expect(en.stderr).toContain('  line 2: unknown unit ""');
    // --skip-invalid: the skipped rows listed on stdout in the run language; JSON keeps the English reason.
    const skip = await runCli([...ws, '--lang', 'vi', 'register', 'import', '--skip-invalid', file], { env: vi });
    expect(skip.stdout).toContain('  dòng 2: không có đơn vị hành chính ""');
    const json = await runCli([...ws, '--lang', 'vi', '--json', 'register', 'import', '--skip-invalid', file], { env: vi });
    expect(JSON.parse(json.stdout).problems[0]).toMatchObject({ line: 2, reason: 'unknown unit ""', key: 'registry.row.unknownUnit' });
  });

  it('a units file with a code twice: the reason in the run language, exit 2', async () => {
    const file = path.join(dir, 'units-dup.csv');
    writeFileSync(file, 'code,name,type,level,parent_code\n84,Tỉnh Trà Vinh,Tỉnh,province,\n84,Tỉnh Trà Vinh,Tỉnh,province,\n');
    const r = await runCli([...ws, '--lang', 'vi', 'units', 'import', file], { env: vi });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('units-dup.csv: 1 dòng không hợp lệ; chưa nhập gì');
    expect(r.stderr).toContain('  dòng 3: mã đơn vị 84 đã có ở dòng 2; mỗi mã chỉ được xuất hiện một lần trong tệp (dòng 2 và 3)');
    expect(r.stderr).toContain('Sửa các dòng này rồi nhập lại.');
    const en = await runCli([...ws, '--lang', 'en', 'units', 'import', file], { env: vi });
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('  line 3: unit code 84 is already on line 2; a code appears once per file (lines 2 and 3)');
  });

  it('run with unknown --stages: Vietnamese with --lang vi, English with --lang en, exit 1', async () => {
    const inbox = path.join(dir, 'inbox');
    const viRun = await runCli([...ws, '--lang', 'vi', 'run', '--stages', 'ocr,upload', inbox], { env: vi });
    expect(viRun.code, viRun.stderr).toBe(1);
    expect(viRun.stderr).toContain('Lỗi: --stages chỉ nhận các bước ocr,classify,sign,archive, nhận được upload');
    const enRun = await runCli([...ws, '--lang', 'en', 'run', '--stages', 'ocr,upload', inbox], { env: vi });
    expect(enRun.code).toBe(1);
    expect(enRun.stderr).toContain('Expected --stages from ocr,classify,sign,archive, got upload');
  });

  it('review of a document not in the catalog: Vietnamese with --lang vi, English with --lang en, exit 1', async () => {
    const viReview = await runCli([...ws, '--lang', 'vi', 'review', 'accept', 'nope'], { env: vi });
    expect(viReview.code, viReview.stderr).toBe(1);
    expect(viReview.stderr).toContain('Lỗi: Không có tài liệu nope trong danh mục');
    expect(viReview.stderr).toContain('Dùng id hoặc uid mà `sohoa review list` hiển thị.');
    const enReview = await runCli([...ws, '--lang', 'en', 'review', 'accept', 'nope'], { env: vi });
    expect(enReview.code).toBe(1);
    expect(enReview.stderr).toContain('Error: No document nope in the catalog');
  });
});
