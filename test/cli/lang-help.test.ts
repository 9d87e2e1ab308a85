import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/** `--help` and commander's usage errors speak the run language: Vietnamese by default. */
describe('help and usage errors in the run language', () => {
  const vi = { SOHOA_LANG: undefined }; // the helper sets SOHOA_LANG=en for the other tests

  it('prints the program help in Vietnamese by default, in English with --lang en or SOHOA_LANG=en', async () => {
    const byDefault = await runCli(['--help'], { env: vi });
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout).toMatch(/^Cách dùng: sohoa \[tùy-chọn\] \[lệnh\]/);
    for (const heading of ['Tùy chọn:', 'Lệnh:']) expect(byDefault.stdout).toContain(`\n${heading}\n`);
    expect(byDefault.stdout).toContain('hiển thị trợ giúp của lệnh');
    expect(byDefault.stdout).toContain('danh mục và tệp làm việc (mặc định ./.sohoa)');
    expect(byDefault.stdout).not.toMatch(/Usage:|Options:|display help for command/);

    const flag = await runCli(['--lang', 'en', '--help'], { env: vi });
    expect(flag.stdout).toMatch(/^Usage: sohoa \[options\] \[command\]/);
    expect(flag.stdout).toContain('catalog and working files (default ./.sohoa)');
    expect(flag.stdout).not.toContain('Cách dùng');
    const env = await runCli(['--help'], { env: { SOHOA_LANG: 'en' } });
    expect(env.stdout).toBe(flag.stdout);
  });

  it('prints a command help in the run language, from --lang after the command too', async () => {
    const viHelp = await runCli(['units', '--help'], { env: vi });
    expect(viHelp.code).toBe(0);
    expect(viHelp.stdout).toContain('đơn vị hành chính (mã GSO)');
    expect(viHelp.stdout).toMatch(/import \[tùy-chọn\] <file>\s+nhập đơn vị hành chính/);
    const enHelp = await runCli(['units', '--help', '--lang', 'en'], { env: vi });
    expect(enHelp.stdout).toMatch(/import \[options\] <file>\s+import administrative units/);
    const list = await runCli(['units', 'list', '--help'], { env: vi });
    expect(list.stdout).toMatch(/--level <level>\s+chỉ cấp này \(chọn một trong: "province", "district",/);
    expect(list.stdout).toContain('Ví dụ:\n  $ sohoa units list --level district --on 2025-03-01');
  });

  it('takes the language from the config file when neither --lang nor SOHOA_LANG says it', async () => {
    const dir = tempDir('sohoa-lang-help-');
    const config = path.join(dir, 'sohoa.config.json');
    writeFileSync(config, JSON.stringify({ lang: 'en' }));
    const r = await runCli(['--config', config, 'units', '--help'], { env: vi });
    expect(r.stdout).toContain('Usage: sohoa units');
    const flagWins = await runCli(['--config', config, '--lang', 'vi', 'units', '--help'], { env: vi });
    expect(flagWins.stdout).toContain('Cách dùng: sohoa units');
  });

  it("words commander's usage errors in Vietnamese, exit 1, and leaves them as commander says them in English", async () => {
    const unknown = await runCli(['status', '--bogus'], { env: vi });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("lỗi: không có tùy chọn '--bogus'");
    expect(unknown.stderr).toContain('(chạy với --help để xem cách dùng)');
    expect(unknown.stderr).not.toContain('unknown option');

    const typo = await runCli(['statu'], { env: vi });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("lỗi: không có lệnh 'statu'\n(Có phải ý bạn là status?)");
    const missing = await runCli(['units', 'import'], { env: vi });
    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([1, "lỗi: thiếu tham số bắt buộc 'file'"]);
    const choice = await runCli(['report', '--format', 'pdf'], { env: vi });
    expect(choice.code).toBe(1);
    expect(choice.stderr).toContain("lỗi: giá trị 'pdf' của tùy chọn '--format <format>' không hợp lệ. Chọn một trong: table, csv, json, html, xlsx.");
    const noValue = await runCli(['--workspace'], { env: vi });
    expect(noValue.stderr).toContain("lỗi: tùy chọn '--workspace <dir>' thiếu giá trị");
    const badNumber = await runCli(['--concurrency', 'x', 'status'], { env: vi });
    expect(badNumber.stderr).toContain('Cần một số nguyên dương cho --concurrency, nhận được "x"');

    // The commands' own usage errors too (a date, a count), with the English message kept in JSON.
    const ws = ['--workspace', path.join(tempDir('sohoa-lang-help-ws-'), 'ws')];
    const badDate = await runCli([...ws, 'report', '--from', '2022-13-01'], { env: vi });
    expect([badDate.code, badDate.stderr.split('\n')[0]]).toEqual([1, 'Lỗi: Cần một ngày dạng YYYY-MM-DD cho --from, nhận được "2022-13-01"']);
    const badCount = await runCli([...ws, '--json', 'search', 'x', '--limit', '0'], { env: vi });
    expect(badCount.code).toBe(1);
    expect(JSON.parse(badCount.stdout)).toMatchObject({ error: { message: 'Expected a positive whole number for --limit, got "0"' } });

    const en = await runCli(['status', '--bogus'], { env: { SOHOA_LANG: 'en' } });
    expect([en.code, en.stderr]).toEqual([1, "error: unknown option '--bogus'\n(run with --help for usage)\n"]);
  });
});
