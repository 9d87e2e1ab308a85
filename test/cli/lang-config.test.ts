import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** `sohoa config keys` prints the meanings in the run language; its JSON keeps the schema's English. */
describe('config keys in the run language', () => {
  it('prints Vietnamese meanings by default and with --lang vi, English ones with --lang en', async () => {
    const viOut = await runCli(['config', 'keys', '--lang', 'vi']);
    expect(viOut.code).toBe(0);
    expect(viOut.stdout).toMatch(/workspace\s+SOHOA_WORKSPACE\s+Thư mục chứa danh mục và các tệp làm việc/);
    expect(viOut.stdout).toMatch(/ocr\.reviewBelow\s+SOHOA_OCR_REVIEW_BELOW\s+Trang không trống có độ tin cậy OCR/);
    expect(viOut.stdout).toContain('Nghị định 30/2020');
    expect(viOut.stdout).not.toContain('Folder for the catalog');
    const byDefault = await runCli(['config', 'keys'], { env: { SOHOA_LANG: undefined } });
    expect(byDefault.stdout).toBe(viOut.stdout);

    const enOut = await runCli(['config', 'keys', '--lang', 'en']);
    expect(enOut.stdout).toMatch(/workspace\s+SOHOA_WORKSPACE\s+Folder for the catalog and working files/);
    expect(enOut.stdout).not.toContain('Thư mục chứa');
  });

  it('keeps the English descriptions in --json whatever the language', async () => {
    const json = await runCli(['config', 'keys', '--lang', 'vi', '--json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as unknown;
    const rows = (Array.isArray(parsed) ? parsed : (parsed as { data: unknown[] }).data) as Array<{ key: string; description: string }>;
    expect(rows.find((r) => r.key === 'workspace')?.description).toBe('Folder for the catalog and working files');
  });
});
