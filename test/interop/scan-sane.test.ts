/**
 * `sohoa scan` against SANE's `test` backend (Debian sane-utils): real scanimage, real batches.
 * The backend is configured through SANE_CONFIG_DIR, per test: its feeder holds 10 sheets, and
 * test.conf can make sane_read answer a status (no documents, jammed) to check the error mapping.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createDemoP12 } from '../../src/stages/sign/demo.js';
import { verifyPdf } from '../../src/verify/index.js';
import { BIN, requireTool, runCli, tempDir } from '../helpers/cli.js';

const haveSane = requireTool('scanimage');

/** A SANE config folder enabling only the test backend, with these test.conf settings. */
function saneConfig(settings: Record<string, string>): string {
  const dir = tempDir('sohoa-sane-');
  const base = readFileSync('/etc/sane.d/test.conf', 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  const lines = base.map((l) => {
    const key = l.split(/\s+/)[0]!;
    return key in settings ? `${key} ${settings[key]}` : l;
  });
  writeFileSync(path.join(dir, 'test.conf'), lines.join('\n') + '\n');
  writeFileSync(path.join(dir, 'dll.conf'), 'test\n');
  return dir;
}
const COLOUR = { 'test-picture': '"Color pattern"' };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe.skipIf(!haveSane)('sohoa scan with the SANE test backend', () => {
  it('lists the devices', async () => {
    const r = await runCli(['--json', 'scan', '--list'], { env: { SANE_CONFIG_DIR: saneConfig(COLOUR) } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).map((d: { name: string }) => d.name)).toContain('test:0');
  });

  it('an ADF batch of 10 pages at 200 dpi grey, and a flatbed page at 300 dpi colour, each honoured', async () => {
    const dir = tempDir('sohoa-scan-');
    const env = { SANE_CONFIG_DIR: saneConfig(COLOUR) };
    const common = ['--workspace', path.join(dir, 'ws'), '--json', 'scan', '--inbox', path.join(dir, 'inbox'), '--unit', '29236', '--device', 'test'];
    const adf = await runCli([...common, '--dossier', '29236-2022-0000152', '--source', 'ADF', '--resolution', '200', '--mode', 'Gray'], { env });
    expect(adf.code, adf.stderr).toBe(0);
    const a = JSON.parse(adf.stdout);
    expect(a.scanned).toBe(10); // the test backend's feeder holds 10 sheets
    expect(a.used).toMatchObject({ source: 'Automatic Document Feeder', mode: 'Gray', resolution: 200 });
    const adfFiles = walk(path.join(dir, 'inbox', '29236', '29236-2022-0000152', 'ho-so')).sort();
    expect(adfFiles).toHaveLength(10);
    expect(adfFiles.every((f) => /_p00(0[1-9]|10)\.png$/.test(f))).toBe(true);
    for (const f of [adfFiles[0]!, adfFiles[9]!]) {
      const m = await sharp(f).metadata();
      expect(m.density).toBe(200);
      expect(m.channels).toBe(1);
      expect(m.width).toBe(Math.floor((80 * 200) / 25.4)); // the backend's 80 mm scan width
    }
    const flat = await runCli([...common, '--dossier', '29236-2022-0000153', '--part', 'ket-qua', '--source', 'Flatbed'], { env });
    expect(flat.code, flat.stderr).toBe(0);
    const files = walk(path.join(dir, 'inbox', '29236', '29236-2022-0000153', 'ket-qua'));
    expect(files).toHaveLength(1);
    const m = await sharp(files[0]!).metadata();
    expect([m.density, m.channels, m.width]).toEqual([300, 3, Math.floor((80 * 300) / 25.4)]); // Decree 30 defaults: colour, 300 dpi
    // No temporary or partial file is ever left in the inbox.
    expect(walk(path.join(dir, 'inbox')).filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
  });

  it('an empty feeder and a paper jam are mapped to exit 9 with a hint', async () => {
    const dir = tempDir('sohoa-scan-err-');
    const args = ['--workspace', path.join(dir, 'ws'), 'scan', '--inbox', path.join(dir, 'inbox'), '--unit', '29236', '--dossier', '29236-2022-0000152', '--device', 'test'];
    const empty = await runCli(args, { env: { SANE_CONFIG_DIR: saneConfig({ ...COLOUR, 'read-status-code': '"SANE_STATUS_NO_DOCS"' }) } });
    expect(empty.code).toBe(9);
    expect(empty.stderr).toMatch(/Error: The document feeder is empty/);
    expect(empty.stderr).toMatch(/Hint: Put the pages/);
    const jam = await runCli(['--json', ...args], { env: { SANE_CONFIG_DIR: saneConfig({ ...COLOUR, 'read-status-code': '"SANE_STATUS_JAMMED"' }) } });
    expect(jam.code).toBe(9);
    expect(JSON.parse(jam.stdout).error).toMatchObject({ type: 'ScannerError', exitCode: 9, message: expect.stringMatching(/Paper jam/) });
    const none = await runCli([...args.slice(0, -1), 'nosuch:device'], { env: { SANE_CONFIG_DIR: saneConfig(COLOUR) } });
    expect(none.code).toBe(9);
    expect(none.stderr).toMatch(/No scanner found/);
  });

  it('sohoa scan → sohoa run: the scanned pages become a signed, archived record', async () => {
    const dir = tempDir('sohoa-scan-run-');
    const ws = path.join(dir, 'ws');
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox);
    const scan = await runCli(['--workspace', ws, 'scan', '--inbox', inbox, '--unit', '29236', '--dossier', '29236-2022-0000152', '--device', 'test', '--source', 'Flatbed'], {
      env: { SANE_CONFIG_DIR: saneConfig(COLOUR) },
    });
    expect(scan.code, scan.stderr).toBe(0);
    const p12 = await createDemoP12(dir);
    const runArgs = ['--workspace', ws, '--log-format', 'json', 'run', inbox, '--settle-seconds', '0', '--p12', p12.p12Path, '--passphrase-file', p12.passphraseFile, '--agency', 'UBND xã Long Đức'];
    const run = await runCli(runArgs);
    expect(run.code, run.stderr).toBe(0);
    // The test backend scans a colour test chart, not a document: the review gate holds it (no
    // text, no type) until a person accepts it, as a clerk would for an unusual page.
    const held = JSON.parse((await runCli(['--workspace', ws, '--json', 'review', 'list'])).stdout) as Array<{ uid: string; dossierCode: string }>;
    expect(held.map((h) => h.dossierCode)).toEqual(['29236-2022-0000152']);
    const accept = await runCli(['--workspace', ws, 'review', 'accept', held[0]!.uid]);
    expect(accept.code, accept.stderr).toBe(0);
    const again = await runCli(runArgs);
    expect(again.code, again.stderr).toBe(0);
    const pdfs = walk(path.join(ws, 'archive')).filter((f) => f.endsWith('.pdf') && !path.basename(f).startsWith('.'));
    expect(pdfs).toHaveLength(1);
    expect(pdfs[0]).toMatch(/29236-2022-0000152[/\\]ho-so[/\\]/);
    const v = await verifyPdf(readFileSync(pdfs[0]!));
    expect(v.verdict, JSON.stringify(v.problems)).toBe('valid');
    const sidecar = JSON.parse(readFileSync(pdfs[0]!.replace(/\.pdf$/, '.json'), 'utf8'));
    expect(JSON.stringify(sidecar)).toContain('29236-2022-0000152');
  });

  it('SIGTERM in the middle of a batch: the pages already scanned are filed, nothing half-written is left, exit 130', async () => {
    const dir = tempDir('sohoa-scan-term-');
    const ws = path.join(dir, 'ws');
    const inbox = path.join(dir, 'inbox');
    // A slow scanner: 64 KiB reads, 0.2 s apart (a 200 dpi grey page takes a couple of seconds).
    const env = { ...process.env, SOHOA_LANG: 'en', SANE_CONFIG_DIR: saneConfig({ ...COLOUR, 'read-limit': 'true', 'read-limit-size': '65536', 'read-delay': 'true', 'read-delay-duration': '200000' }) };
    const child = spawn(process.execPath, [BIN, '--workspace', ws, 'scan', '--inbox', inbox, '--unit', '29236', '--dossier', '29236-2022-0000152', '--device', 'test', '--resolution', '200', '--mode', 'Gray'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const staged = () => (existsSync(path.join(ws, 'scan')) ? readdirSync(path.join(ws, 'scan')).flatMap((b) => readdirSync(path.join(ws, 'scan', b)).map((f) => f)) : []);
    while (!staged().includes('page-0001.png')) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    expect(await closed, stderr).toBe(130);
    const filed = walk(inbox);
    expect(filed.length).toBeGreaterThanOrEqual(1);
    expect(filed.length).toBeLessThan(10);
    expect(filed.filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
    for (const f of filed) expect((await sharp(f).metadata()).height).toBe(Math.floor((100 * 200) / 25.4)); // whole pages only
    expect(readdirSync(path.join(ws, 'scan'))).toEqual([]); // the private batch folder is gone
    expect(stderr).toMatch(/Interrupted: \d+ scanned page\(s\) were filed/);
  });
});
