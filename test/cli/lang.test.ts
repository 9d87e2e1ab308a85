import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/** One language per run: Vietnamese by default, English with --lang en, SOHOA_LANG=en or config; JSON the same in both. */
describe('the language of a run', () => {
  const dir = tempDir('sohoa-lang-');
  const ws = ['--workspace', path.join(dir, 'ws')];
  const vi = { SOHOA_LANG: undefined }; // the helper sets SOHOA_LANG=en for the other tests

  it('speaks Vietnamese by default, English with --lang en or SOHOA_LANG=en', async () => {
    const byDefault = await runCli([...ws, 'status'], { env: vi });
    expect(byDefault.code, byDefault.stderr).toBe(0);
    expect(byDefault.stdout).toContain('Hàng chờ duyệt: 0');
    expect(byDefault.stdout).toContain('Lần chạy gần nhất: chưa có');
    expect(byDefault.stdout).not.toContain('Review queue');

    const flag = await runCli([...ws, '--lang', 'en', 'status'], { env: vi });
    expect(flag.stdout).toContain('Review queue: 0');
    expect(flag.stdout).toContain('Last run: none yet');
    const env = await runCli([...ws, 'status'], { env: { SOHOA_LANG: 'en' } });
    expect(env.stdout).toBe(flag.stdout);
    // The flag wins over the environment, after the subcommand too.
    const after = await runCli([...ws, 'status', '--lang', 'vi'], { env: { SOHOA_LANG: 'en' } });
    expect(after.stdout).toBe(byDefault.stdout);
  });

  it('says errors and hints in the run language, and keeps the English message in JSON', async () => {
    const viErr = await runCli([...ws, 'documents', 'show', 'nope'], { env: vi });
    expect(viErr.code).toBe(1);
    expect(viErr.stderr).toContain('Lỗi: Không có tài liệu nope trong danh mục');
    expect(viErr.stderr).toContain('Gợi ý: Tìm bằng `sohoa documents list`');
    const enErr = await runCli([...ws, '--lang', 'en', 'documents', 'show', 'nope'], { env: vi });
    expect(enErr.stderr).toContain('Error: No document nope in the catalog');
    expect(enErr.stderr).toContain('Hint: Find it with');
    const viJson = await runCli([...ws, '--json', 'documents', 'show', 'nope'], { env: vi });
    const enJson = await runCli([...ws, '--json', '--lang', 'en', 'documents', 'show', 'nope'], { env: vi });
    expect(viJson.stdout).toBe(enJson.stdout);
    expect(JSON.parse(viJson.stdout)).toMatchObject({ error: { message: 'No document nope in the catalog', exitCode: 1 } });
  });

  it('prints the same --json output in both languages', async () => {
    const a = await runCli([...ws, '--json', 'status'], { env: vi });
    const b = await runCli([...ws, '--json', '--lang', 'en', 'status'], { env: vi });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(() => JSON.parse(a.stdout)).not.toThrow();
  });

  it('takes `lang` from the config file, and refuses a language it does not have', async () => {
    const cfg = path.join(dir, 'sohoa.config.json');
    writeFileSync(cfg, JSON.stringify({ lang: 'en' }));
    const fromFile = await runCli([...ws, '--config', cfg, 'status'], { env: vi });
    expect(fromFile.stdout).toContain('Review queue: 0');
    const bad = await runCli([...ws, '--lang', 'vie', 'status'], { env: vi });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--ocr-lang');
  });

  it('says input rejections in the run language, with the machine reason unchanged', async () => {
    const inbox = path.join(dir, 'inbox', '84', '84-2022-1', 'ho-so');
    mkdirSync(inbox, { recursive: true });
    writeFileSync(path.join(inbox, 'don.jpg'), '');
    const viRun = await runCli(['--workspace', path.join(dir, 'ws-vi'), 'ingest', path.join(dir, 'inbox'), '--settle-seconds', '0'], { env: vi });
    expect(viRun.code).toBe(2);
    expect(viRun.stdout).toMatch(/từ chối +\S+don\.jpg \(empty\): Tệp \S+don\.jpg rỗng/);
    expect(viRun.stderr).toContain('Hãy quét lại trang');
    const enRun = await runCli(['--workspace', path.join(dir, 'ws-en'), '--lang', 'en', 'ingest', path.join(dir, 'inbox'), '--settle-seconds', '0'], { env: vi });
    expect(enRun.stdout).toMatch(/rejected +\S+don\.jpg \(empty\): Expected a scan in \S+don\.jpg, got an empty file/);
    const json = await runCli(['--workspace', path.join(dir, 'ws-json'), '--json', 'ingest', path.join(dir, 'inbox'), '--settle-seconds', '0'], { env: vi });
    expect(JSON.parse(json.stdout).rejected[0]).toMatchObject({ reason: 'empty', message: expect.stringContaining('Expected a scan in'), key: 'reject.empty' });
  });
});
