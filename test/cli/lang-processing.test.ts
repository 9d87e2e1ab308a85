import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

/** classify, scan, schedule: Vietnamese by default, English with --lang en; --json the same in both. */
describe('the language of the processing commands', () => {
  const dir = tempDir('sohoa-lang-processing-');
  const ws = ['--workspace', path.join(dir, 'ws')];
  const vi = { SOHOA_LANG: undefined }; // the helper sets SOHOA_LANG=en for the other tests
  const text = path.join(ROOT, 'fixtures', 'classify', 'heldout', 'giay-uy-quyen', '1-clean.txt');

  it('classify: the summary line in Vietnamese by default, in English with --lang en, JSON identical', async () => {
    const byDefault = await runCli([...ws, 'classify', text], { env: vi });
    expect(byDefault.code, byDefault.stderr).toBe(0);
    expect(byDefault.stdout).toMatch(/1 đã phân loại, \d cần xem lại, 0 bị loại\./);
    expect(byDefault.stdout).not.toContain('classified');
    const en = await runCli([...ws, '--lang', 'en', 'classify', text], { env: vi });
    expect(en.stdout).toMatch(/1 classified, \d need review, 0 rejected\./);
    const viJson = await runCli([...ws, '--json', 'classify', text], { env: vi });
    const enJson = await runCli([...ws, '--json', '--lang', 'en', 'classify', text], { env: vi });
    expect(viJson.stdout).toBe(enJson.stdout);
  });

  it('scan --help: descriptions, options and examples in the run language', async () => {
    const byDefault = await runCli(['scan', '--help'], { env: vi });
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout).toContain('quét giấy qua SANE');
    expect(byDefault.stdout).toContain('Mã thoát: 0 thành công');
    expect(byDefault.stdout).toContain('Ví dụ:');
    expect(byDefault.stdout).not.toContain('scan paper through SANE');
    const en = await runCli(['--lang', 'en', 'scan', '--help'], { env: vi });
    expect(en.stdout).toContain('scan paper through SANE');
    expect(en.stdout).toContain('Examples:');
  });

  it('schedule: its own lines and the units\' comments in the run language, the directives and JSON unchanged', async () => {
    const args = [...ws, 'schedule', '--at', '01:30'];
    const byDefault = await runCli(args, { env: vi });
    expect(byDefault.code, byDefault.stderr).toBe(0);
    expect(byDefault.stdout).toContain('# Cài đặt (systemd):');
    expect(byDefault.stdout).toContain('# Mã thoát: 0 thành công');
    expect(byDefault.stdout).toContain('# Mã thoát 2 nghĩa là một số đầu vào bị loại');
    expect(byDefault.stdout).toContain('# Cô lập: chạy bằng người dùng riêng');
    expect(byDefault.stdout).toContain('# một lần, nếu người dùng chưa tồn tại');
    expect(byDefault.stdout).toContain('[Timer]');
    expect(byDefault.stdout).not.toContain('Exit 2 means');
    const en = await runCli(['--lang', 'en', ...args], { env: vi });
    expect(en.stdout).toContain('# Install (systemd):');
    expect(en.stdout).toContain('# Exit 2 means some inputs were rejected');
    const directives = (out: string) => out.split('\n').filter((l) => /^[A-Z]\w+=/.test(l));
    expect(directives(byDefault.stdout)).toEqual(directives(en.stdout));
    expect(directives(en.stdout).length).toBeGreaterThan(20);
    const viJson = (await runCli(['--json', ...args], { env: vi })).stdout;
    expect(viJson).toBe((await runCli(['--json', '--lang', 'en', ...args], { env: vi })).stdout);
    expect(viJson).toContain('Exit 2 means'); // JSON stays language-neutral: the English comments
    const worker = await runCli([...ws, 'schedule', '--worker'], { env: vi });
    expect(worker.stdout).toContain('# 130: dừng bởi SIGTERM sau khi xong bước đang làm');
    const bad = await runCli([...ws, 'schedule', '--at', '25:00'], { env: vi });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Cần --at dạng HH:MM (24 giờ), nhận được "25:00"');
  });

  it('run --stages: a bad step name in the run language, usage exit 1', async () => {
    const r = await runCli([...ws, 'run', '--stages', 'ocr,upload'], { env: vi });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--stages chỉ nhận các bước ocr,classify,sign,archive, nhận được upload');
    const en = await runCli([...ws, '--lang', 'en', 'run', '--stages', 'ocr,upload'], { env: vi });
    expect(en.stderr).toContain('Expected --stages from ocr,classify,sign,archive, got upload');
  });

  it('a warning the pipeline words itself (no units imported) in the run language', async () => {
    const inbox = path.join(ROOT, 'fixtures', 'demo-inbox');
    const r = await runCli(['--workspace', path.join(dir, 'ws-vi'), 'ingest', '--settle-seconds', '0', inbox], { env: vi });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Chưa nhập đơn vị hành chính nào');
    const en = await runCli(['--workspace', path.join(dir, 'ws-en'), '--lang', 'en', 'ingest', '--settle-seconds', '0', inbox], { env: vi });
    expect(en.stderr).toContain('No administrative units are imported');
  });

  it('a scanner fault (paper jam, from a stand-in scanimage) in Vietnamese, English in JSON', async () => {
    const bin = tempDir('sohoa-fake-sane-');
    writeFileSync(path.join(bin, 'scanimage'), '#!/bin/sh\necho "scanimage: sane_start: Document feeder jammed" >&2\nexit 1\n');
    chmodSync(path.join(bin, 'scanimage'), 0o755);
    const args = [...ws, 'scan', '--inbox', path.join(dir, 'inbox'), '--unit', '29236', '--dossier', '29236-2022-0000152'];
    const env = { ...vi, PATH: bin };
    const r = await runCli(args, { env });
    expect(r.code).toBe(9);
    expect(r.stderr).toContain('Lỗi: Kẹt giấy trong khay nạp: sane_start: Document feeder jammed');
    expect(r.stderr).toContain('Gợi ý: Mở khay nạp, gỡ tờ bị kẹt');
    const en = await runCli(['--lang', 'en', ...args], { env });
    expect(en.stderr).toContain('Error: Paper jam in the document feeder');
    const json = await runCli(['--json', ...args], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { message: 'Paper jam in the document feeder: sane_start: Document feeder jammed', exitCode: 9 } });
    expect(json.stdout).toBe((await runCli(['--json', '--lang', 'en', ...args], { env })).stdout);
  });
});
