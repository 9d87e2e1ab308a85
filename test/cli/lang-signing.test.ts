import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { signedPdf } from '../stages/sign/fixtures.js';

/** sign, verify, archive and fixity speak the run language (Vietnamese by default); --json is the same in both. */
describe('the language of sign, verify, archive and fixity', async () => {
  const dir = tempDir('sohoa-lang-signing-');
  const vi = { SOHOA_LANG: undefined }; // the helper sets SOHOA_LANG=en for the other tests
  const signed = path.join(dir, 'signed.pdf');
  writeFileSync(signed, await signedPdf());

  it('verify says its verdict in Vietnamese by default, in English with --lang en', async () => {
    const viOut = await runCli(['verify', signed], { env: vi });
    expect(viOut.code, viOut.stderr).toBe(0);
    expect(viOut.stdout).toContain(`${signed}: HỢP LỆ (1 chữ ký)`);
    expect(viOut.stdout).toContain('chữ ký CMS hợp lệ: có; băm ByteRange khớp: có; ByteRange đúng dạng: có');
    expect(viOut.stdout).toContain('phạm vi: toàn bộ tệp');
    expect(viOut.stdout).not.toMatch(/VALID|signature valid|covers:/);

    const enOut = await runCli(['--lang', 'en', 'verify', signed], { env: vi });
    expect(enOut.code, enOut.stderr).toBe(0);
    expect(enOut.stdout).toContain(`${signed}: VALID (1 signature(s))`);
    expect(enOut.stdout).toContain('CMS signature valid: yes; ByteRange digest matches: yes; ByteRange well formed: yes');
    expect(enOut.stdout).not.toContain('HỢP LỆ');
  });

  it('verify --json is byte for byte the same in both languages, with English verdicts', async () => {
    const a = await runCli(['--json', 'verify', signed], { env: vi });
    const b = await runCli(['--json', '--lang', 'en', 'verify', signed], { env: vi });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).verdict).toBe('valid');
  });

  it('sign --help is written in the run language', async () => {
    const viHelp = await runCli(['sign', '--help'], { env: vi });
    expect(viHelp.code).toBe(0);
    expect(viHelp.stdout).toContain('ký số tệp PDF bằng cập nhật gia tăng');
    expect(viHelp.stdout).toContain('biến môi trường chứa mật khẩu tệp P12');
    expect(viHelp.stdout).toContain('Ví dụ:');
    expect(viHelp.stdout).toContain('Mã thoát: 0 đã ký');
    expect(viHelp.stdout).toContain('nhãn token PKCS#11');
    expect(viHelp.stdout).not.toContain('PKCS#11 token label');

    const enHelp = await runCli(['sign', '--help', '--lang', 'en'], { env: vi });
    expect(enHelp.stdout).toContain('sign PDFs as incremental updates');
    expect(enHelp.stdout).toContain('PKCS#11 token label');
    expect(enHelp.stdout).toContain('Examples:');
    expect(enHelp.stdout).not.toContain('Ví dụ:');
  });

  it('says usage errors of verify in the run language, and keeps English in --json', async () => {
    const viErr = await runCli(['verify', '--revocation', 'sometimes', signed], { env: vi });
    expect(viErr.code).toBe(1);
    expect(viErr.stderr).toContain('Lỗi: Cần --revocation online, offline hoặc off, nhận được "sometimes"');
    const json = await runCli(['--json', 'verify', '--revocation', 'sometimes', signed], { env: vi });
    expect(JSON.parse(json.stdout).error.message).toBe('Expected --revocation online, offline or off, got "sometimes"');
  });

  it('archive put and fixity speak the run language; fixity --json is the same in both', async () => {
    // Two workspaces over one archive folder: each catalog knows the same objects (the PDF and its sidecar).
    const archive = pathToFileURL(path.join(dir, 'archive')).href;
    const put = (ws: string, env: NodeJS.ProcessEnv) =>
      runCli(['--workspace', path.join(dir, ws), '--archive', archive, 'archive', 'put', signed, '--dossier', 'H59.22-240101-0001', '--year', '2024'], { env });
    const first = await put('ws-vi', vi);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^đã tải lên {2}\S+ {2}sha256 [0-9a-f]{64}/m);
    expect(first.stdout).toContain('1 đã tải lên, 0 đã có trong kho, 0 lỗi');
    const second = await put('ws-en', { SOHOA_LANG: 'en' });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('0 uploaded, 1 already archived, 0 failed');

    const fixity = (ws: string, args: string[], env: NodeJS.ProcessEnv) => runCli(['--workspace', path.join(dir, ws), '--archive', archive, ...args, 'fixity'], { env });
    const viText = await fixity('ws-vi', [], vi);
    expect(viText.code, viText.stderr).toBe(0);
    expect(viText.stdout).toMatch(/Kiểm tra toàn vẹn #1 .*: 2 đã kiểm tra, 2 tốt, 0 thiếu, 0 hỏng, 0 lạ, 0 không đọc được — đạt/);
    const enText = await fixity('ws-en', ['--lang', 'en'], vi);
    expect(enText.stdout).toMatch(/Fixity audit #1 .*: 2 checked, 2 ok, 0 missing, 0 corrupt, 0 unexpected, 0 unreadable — passed/);

    // Audit #2 in each catalog, of the same objects.
    const viJson = await fixity('ws-vi', ['--json'], vi);
    const enJson = await fixity('ws-en', ['--json', '--lang', 'en'], vi);
    expect(viJson.code, viJson.stderr).toBe(0);
    expect(viJson.stdout).toBe(enJson.stdout);
    expect(JSON.parse(viJson.stdout)).toMatchObject({ status: 'passed' });
  });
});
