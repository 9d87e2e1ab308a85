import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { signedPdf } from '../stages/sign/fixtures.js';

/** A fixity finding's detail is said in the run language; --json keeps the English beside its catalogue text. */
describe('fixity findings in the run language', async () => {
  const dir = tempDir('sohoa-lang-fixity-');
  const vi = { SOHOA_LANG: undefined }; // the helper sets SOHOA_LANG=en
  const signed = path.join(dir, 'signed.pdf');
  writeFileSync(signed, await signedPdf());
  const archiveDir = path.join(dir, 'archive');
  const ws = ['--workspace', path.join(dir, 'ws'), '--archive', pathToFileURL(archiveDir).href];

  it('words missing, corrupt and unexpected objects in Vietnamese, and keeps English with messageSaid in --json', async () => {
    const put = await runCli([...ws, '--json', 'archive', 'put', signed, '--dossier', 'H59.22-240101-0001', '--year', '2024'], { env: vi });
    expect(put.code, put.stderr).toBe(0);
    const { key, sidecarKey } = JSON.parse(put.stdout).results[0] as { key: string; sidecarKey: string };
    rmSync(path.join(archiveDir, sidecarKey));
    writeFileSync(path.join(archiveDir, 'la.bin'), 'không phải của sohoa');

    const text = await runCli([...ws, 'fixity'], { env: vi });
    expect(text.code, text.stderr).toBe(4);
    expect(text.stdout).toContain(`${sidecarKey}: không có trong kho`);
    expect(text.stdout).toContain(`${key}: thiếu tệp siêu dữ liệu ${sidecarKey}`);
    expect(text.stdout).toMatch(/la\.bin: \d+ byte, không có trong danh mục/);
    expect(text.stdout).not.toMatch(/not in the store|is missing|bytes, not in the catalog/);

    const json = await runCli([...ws, '--json', 'fixity'], { env: vi });
    const findings = JSON.parse(json.stdout).findings as Array<Record<string, unknown>>;
    expect(findings.find((f) => f.key === sidecarKey)).toMatchObject({ status: 'missing', message: 'not in the store', messageSaid: { key: 'fixity.detail.notInStore' } });
    expect(findings.find((f) => f.key === key)).toMatchObject({
      status: 'corrupt',
      message: `its sidecar ${sidecarKey} is missing`,
      messageSaid: { key: 'fixity.detail.sidecarMissing', params: { sidecar: sidecarKey } },
    });
    expect(findings.find((f) => f.key === 'la.bin')).toMatchObject({ status: 'unexpected', messageSaid: { key: 'fixity.detail.notInCatalog' } });
  });
});
