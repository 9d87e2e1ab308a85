import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPdf } from '../../../src/verify/index.js';
import { PdfFile } from '../../../src/verify/pdf/file.js';
import { decodeStream } from '../../../src/verify/pdf/filters.js';
import { PdfDict, PdfStream, type PdfRef } from '../../../src/verify/pdf/objects.js';
import { runCli, tempDir } from '../../helpers/cli.js';
import { PASSPHRASE } from '../../helpers/pki.js';
import { makePdf, testSigner } from './fixtures.js';

/** The Unicode text the last signature box's font can show (its ToUnicode map). */
function boxCharacters(pdf: Buffer): string {
  const f = PdfFile.open(pdf);
  const widget = f.dict((f.resolve(f.dict(f.pages()[0]!)!.get('Annots')) as PdfRef[]).at(-1))!;
  const ap = f.resolve((widget.get('AP') as PdfDict).get('N')) as PdfStream;
  const type0 = f.dict(((ap.dict.get('Resources') as PdfDict).get('Font') as PdfDict).get('F1'))!;
  const cmap = decodeStream(f.resolve(type0.get('ToUnicode')) as PdfStream).toString('latin1');
  return [...cmap.matchAll(/<[0-9A-F]{4}> <([0-9A-F]+)>/g)].map((m) => Buffer.from(m[1]!, 'hex').swap16().toString('utf16le')).join('');
}

describe('sohoa sign FILE... --out-dir / --manifest (batch, built CLI)', async () => {
  const dir = tempDir();
  const { pki } = await testSigner();
  const env = { SOHOA_TEST_P12_PASS: PASSPHRASE };
  const key = ['--p12', pki.signerP12, '--passphrase-env', 'SOHOA_TEST_P12_PASS'];
  const files: string[] = [];
  for (const n of ['hs-01', 'hs-02', 'hs-03']) {
    files.push(path.join(dir, `${n}.pdf`));
    writeFileSync(files.at(-1)!, await makePdf());
  }
  const junk = path.join(dir, 'dang-quet.pdf');
  writeFileSync(junk, Buffer.from('%PDF-1.7\n% still being written by the scanner'));
  const outDir = path.join(dir, 'signed');

  it('signs the good files, refuses the bad one with a reason, exits 2; a re-run skips what is done and says so', async () => {
    const before = files.map((f) => readFileSync(f));
    const args = ['sign', ...files, junk, '--out-dir', outDir, ...key, '--agency', 'UBND xã Long Đức'];
    const r = await runCli(['--json', ...args], { env });
    expect(r.code, r.stderr).toBe(2);
    const data = JSON.parse(r.stdout);
    expect(data).toMatchObject({ signed: 3, skipped: 0, refused: 1, level: 'PAdES B-B' });
    expect(data.results.map((x: { status: string }) => x.status)).toEqual(['signed', 'signed', 'signed', 'refused']);
    expect(data.results[3]).toMatchObject({ input: junk, reason: expect.any(String), exitCode: expect.any(Number) });
    expect(data.results[3].message.length).toBeGreaterThan(10);
    for (const [i, f] of files.entries()) {
      expect(readFileSync(f).equals(before[i]!)).toBe(true);
      expect((await verifyPdf(readFileSync(path.join(outDir, path.basename(f))))).verdict).toBe('valid');
    }
    expect(readdirSync(outDir).sort()).toEqual(['hs-01.pdf', 'hs-02.pdf', 'hs-03.pdf']);
    expect(r.stdout + r.stderr).not.toContain(PASSPHRASE);

    const signedBefore = readFileSync(path.join(outDir, 'hs-01.pdf'));
    const again = await runCli(args, { env });
    expect(again.code, again.stderr).toBe(2);
    expect(again.stdout.match(/^skipped .*already signed and valid/gm)).toHaveLength(3);
    expect(again.stdout).toMatch(/^refused +.*dang-quet\.pdf: /m);
    expect(again.stdout).toMatch(/0 signed, 3 skipped \(already signed\), 1 refused/);
    expect(readFileSync(path.join(outDir, 'hs-01.pdf')).equals(signedBefore)).toBe(true);
  });

  it('exits 0 when every file is signed; a manifest sets copy type and agency per row', async () => {
    const csv = path.join(dir, 'danh-sach.csv');
    writeFileSync(csv, ['input,output,copy_type,agency', 'hs-01.pdf,manifest-out/01.pdf,SAO LỤC,Sở Tư pháp tỉnh Vĩnh Long', 'hs-02.pdf,manifest-out/02.pdf,,'].join('\n'));
    const r = await runCli(['--json', 'sign', '--manifest', csv, ...key, '--agency', 'UBND xã Long Đức'], { env });
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.results).toMatchObject([
      { status: 'signed', copyType: 'SAO LỤC', agency: 'Sở Tư pháp tỉnh Vĩnh Long' },
      { status: 'signed', copyType: 'SAO Y', agency: 'UBND xã Long Đức' },
    ]);
    expect(boxCharacters(readFileSync(path.join(dir, 'manifest-out/01.pdf')))).toContain('ư'); // "Tư pháp" is in the box
    expect(boxCharacters(readFileSync(path.join(dir, 'manifest-out/02.pdf')))).not.toContain('ư');
  });

  it('exits 6 and writes nothing when the key cannot be opened; 1 on usage mistakes', async () => {
    const out = path.join(dir, 'never');
    const r = await runCli(['sign', ...files, '--out-dir', out, ...key, '--agency', 'X'], { env: { SOHOA_TEST_P12_PASS: 'wrong' } });
    expect(r.code).toBe(6);
    expect(existsSync(out)).toBe(false);
    expect((await runCli(['sign', ...files, ...key], { env })).code).toBe(1); // neither --out nor --out-dir
    expect((await runCli(['sign', ...files, '--out', path.join(dir, 'x.pdf'), ...key], { env })).code).toBe(1); // --out with several inputs
    const typo = path.join(dir, 'typo.csv');
    writeFileSync(typo, 'input,ouput\nhs-01.pdf,x.pdf\n');
    const t = await runCli(['sign', '--manifest', typo, '--out-dir', out, ...key, '--agency', 'X'], { env });
    expect(t.code).toBe(1);
    expect(t.stderr).toContain('"ouput"');
    expect(existsSync(out)).toBe(false);
  });
  it('words refused manifest rows and output clashes in the run language; --json keeps English with key and params', async () => {
    const csv = path.join(dir, 'hang-loi.csv');
    writeFileSync(csv, ['input,output,copy_type', ',x/a.pdf,', 'hs-01.pdf,x/b.pdf,BẢN CHÍNH', 'hs-02.pdf,x/c.pdf,', 'hs-03.pdf,x/c.pdf,'].join('\n'));
    const args = ['sign', '--manifest', csv, ...key, '--agency', 'UBND xã Long Đức'];
    const vi = await runCli(args, { env: { ...env, SOHOA_LANG: undefined } });
    expect(vi.code, vi.stderr).toBe(2);
    expect(vi.stdout).toContain(`Thiếu tệp đầu vào ở ${csv}:2: ô để trống [bad-row]`);
    expect(vi.stdout).toContain(`copy_type ở ${csv}:3 phải là một trong SAO Y, SAO LỤC, TRÍCH SAO, nhưng nhận được "BẢN CHÍNH"`);
    expect(vi.stdout).toContain(`${path.join(dir, 'x/c.pdf')} đã là tệp đầu ra của ${path.join(dir, 'hs-02.pdf')} [duplicate-output]`);
    expect(vi.stdout).not.toMatch(/Expected|got an empty cell|already goes to/);
    const json = await runCli(['--json', ...args], { env: { ...env, SOHOA_LANG: undefined } });
    const refused = JSON.parse(json.stdout).results.filter((r: { status: string }) => r.status === 'refused');
    expect(refused).toMatchObject([
      { reason: 'bad-row', message: `Expected an input file in ${csv}:2, got an empty cell`, key: 'sign.batch.row.noInput', params: { where: `${csv}:2` } },
      { reason: 'bad-row', key: 'sign.batch.row.badCopyType', params: { value: 'BẢN CHÍNH' } },
      { reason: 'duplicate-output', message: expect.stringMatching(/^Expected one input per output/), key: 'sign.batch.duplicateOutput' },
    ]);
  });
});
