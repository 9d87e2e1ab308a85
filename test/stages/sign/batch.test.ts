import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, SigningError, UsageError } from '../../../src/errors.js';
import type { Signer } from '../../../src/ports/signer.js';
import { signBatch, type BatchItem } from '../../../src/stages/sign/batch.js';
import { planBatch } from '../../../src/stages/sign/batch-plan.js';
import { t } from '../../../src/i18n/index.js';
import { verifyPdf } from '../../../src/verify/index.js';
import { tempDir } from '../../helpers/cli.js';
import { makePdf, testSigner } from './fixtures.js';

async function inputs(dir: string, n: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = path.join(dir, `hs-${i}.pdf`);
    writeFileSync(f, await makePdf(1 + (i % 2)));
    files.push(f);
  }
  return files;
}

const opts = { agency: 'UBND xã Long Đức' };

describe('signBatch', () => {
  it('signs every file with the one signer, verifies each output, and leaves no temporary files', async () => {
    const dir = tempDir();
    const files = await inputs(dir, 3);
    const before = files.map((f) => readFileSync(f));
    const { signer } = await testSigner();
    let signs = 0;
    const counting: Signer = Object.assign(Object.create(Object.getPrototypeOf(signer)), signer, { sign: (d: Buffer) => (signs++, signer.sign(d)) });
    const items = await planBatch(files, { outDir: path.join(dir, 'out') });
    const r = await signBatch(items, counting, opts);
    expect(r).toMatchObject({ signed: 3, skipped: 0, refused: 0, notStarted: 0, interrupted: false });
    expect(signs).toBe(3);
    for (const [i, res] of r.results.entries()) {
      expect(res.status).toBe('signed');
      expect(res.signingTime).toMatch(/\+07:00$/);
      const out = readFileSync(res.output);
      expect(out.subarray(0, before[i]!.length).equals(before[i]!)).toBe(true);
      expect(readFileSync(files[i]!).equals(before[i]!)).toBe(true); // input untouched
      expect((await verifyPdf(out)).verdict).toBe('valid');
    }
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['hs-0.pdf', 'hs-1.pdf', 'hs-2.pdf']);
  });

  it('a re-run skips outputs already present and valid, and never overwrites a foreign file', async () => {
    const dir = tempDir();
    const files = await inputs(dir, 3);
    const { signer } = await testSigner();
    const items = await planBatch(files, { outDir: path.join(dir, 'out') });
    await signBatch(items.slice(0, 2), signer, opts);
    const first = readFileSync(items[0]!.output);
    writeFileSync(items[1]!.output, await makePdf()); // some other file where an output belongs
    const foreign = readFileSync(items[1]!.output);
    const r = await signBatch(items, signer, opts);
    expect(r.results.map((x) => [x.status, x.reason])).toEqual([
      ['skipped', 'already-signed'],
      ['refused', 'output-exists'],
      ['signed', undefined],
    ]);
    expect(readFileSync(items[0]!.output).equals(first)).toBe(true);
    expect(readFileSync(items[1]!.output).equals(foreign)).toBe(true);
    expect(r.results[1]!.exitCode).toBe(ExitCode.Rejected);
    expect(r.results[1]).toMatchObject({ key: 'sign.batch.outputExists', params: { output: items[1]!.output, input: items[1]!.input } });
    expect(t('sign.batch.outputExists', r.results[1]!.params, 'en')).toBe(r.results[1]!.message);
    expect(r.results[0]).toMatchObject({ key: 'sign.batch.alreadySigned' });
  });

  it('does not skip an output signed by another key: it is refused, not trusted', async () => {
    const dir = tempDir();
    const [file] = await inputs(dir, 1);
    const { signer, pki } = await testSigner();
    const { P12Signer } = await import('../../../src/adapters/signers/p12.js');
    const other = await P12Signer.open(pki.expiredP12, (await import('../../helpers/pki.js')).PASSPHRASE);
    const items = await planBatch([file!], { outDir: path.join(dir, 'out') });
    expect((await signBatch(items, other, { ...opts, allowExpired: true })).signed).toBe(1);
    const r = await signBatch(items, signer, opts);
    expect(r.results[0]).toMatchObject({ status: 'refused', reason: 'output-exists' });
  });

  it('refuses one bad file with its reason and goes on (a token failure on one file, a non-PDF)', async () => {
    const dir = tempDir();
    const files = await inputs(dir, 3);
    const junk = path.join(dir, 'junk.pdf');
    writeFileSync(junk, 'not a pdf');
    const { signer } = await testSigner();
    let n = 0;
    // Fault injection: the token fails on the second signature only.
    const flaky: Signer = Object.assign(Object.create(Object.getPrototypeOf(signer)), signer, {
      sign: (d: Buffer) => (++n === 2 ? Promise.reject(new SigningError('CKR_DEVICE_REMOVED')) : signer.sign(d)),
    });
    const items = await planBatch([files[0]!, junk, files[1]!, files[2]!], { outDir: path.join(dir, 'out') });
    const r = await signBatch(items, flaky, opts);
    expect(r.results.map((x) => x.status)).toEqual(['signed', 'refused', 'refused', 'signed']);
    expect(r.results[1]!.message).toMatch(/%PDF-/);
    expect(r.results[2]).toMatchObject({ reason: 'signing', exitCode: ExitCode.Signing });
    expect(r.results[2]!.message).toMatch(/CKR_DEVICE_REMOVED/);
    expect(existsSync(r.results[2]!.output)).toBe(false);
    expect(readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('stops between files when interrupted, and says how many were not started', async () => {
    const dir = tempDir();
    const files = await inputs(dir, 3);
    const { signer } = await testSigner();
    const ac = new AbortController();
    const r = await signBatch(await planBatch(files, { outDir: path.join(dir, 'out') }), signer, { ...opts, signal: ac.signal, onResult: () => ac.abort() });
    expect(r).toMatchObject({ signed: 1, notStarted: 2, interrupted: true });
  });
});

describe('planBatch', () => {
  it('reads a manifest: paths relative to it, per-row copy type and agency, bad rows refused, clashes refused', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'ds.csv');
    writeFileSync(
      csv,
      [
        'input,output,copy_type,agency',
        'a.pdf,signed/a.pdf,sao lục,Sở Tư pháp',
        'b.pdf,,TRÍCH SAO,',
        'c.pdf,signed/c.pdf,BẢN CHÍNH,',
        ',signed/d.pdf,,',
        'e.pdf,signed/a.pdf,,',
      ].join('\n'),
    );
    const items = await planBatch([], { manifest: csv, outDir: path.join(dir, 'out') });
    const byInput = (n: string) => items.find((i) => path.basename(i.input) === n) as BatchItem;
    expect(byInput('a.pdf')).toMatchObject({ input: path.join(dir, 'a.pdf'), output: path.join(dir, 'signed/a.pdf'), copyType: 'SAO LỤC', agency: 'Sở Tư pháp' });
    expect(byInput('b.pdf')).toMatchObject({ output: path.join(dir, 'out', 'b.pdf'), copyType: 'TRÍCH SAO', agency: undefined });
    expect(byInput('c.pdf').refusal?.message).toMatch(/copy_type .* got "BẢN CHÍNH"/);
    expect(items[3]!.refusal?.reason).toBe('bad-row');
    expect(byInput('e.pdf').refusal?.reason).toBe('duplicate-output');
    // Each refusal carries its catalogue text, so the CLI says it in the run language.
    expect(byInput('c.pdf').refusal).toMatchObject({ key: 'sign.batch.row.badCopyType', params: { where: `${csv}:4`, value: 'BẢN CHÍNH' } });
    expect(items[3]!.refusal).toMatchObject({ key: 'sign.batch.row.noInput', params: { where: `${csv}:5` } });
    expect(byInput('e.pdf').refusal).toMatchObject({ key: 'sign.batch.duplicateOutput', params: { first: path.join(dir, 'a.pdf'), output: path.join(dir, 'signed/a.pdf') } });
    for (const item of items.filter((i) => i.refusal)) expect(t(item.refusal!.key!, item.refusal!.params, 'en')).toBe(item.refusal!.message);
  });

  it('stops before signing anything on an unknown manifest column, or when outputs have nowhere to go', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'typo.csv');
    writeFileSync(csv, 'input,ouput\na.pdf,b.pdf\n');
    await expect(planBatch([], { manifest: csv })).rejects.toThrow(/"ouput"/);
    await expect(planBatch([], { manifest: csv })).rejects.toBeInstanceOf(UsageError);
    await expect(planBatch([], { manifest: csv })).rejects.toMatchObject({ key: 'sign.err.manifestColumns', params: { unknown: '"ouput"' }, hintKey: 'sign.err.manifestColumnsHint' });
    await expect(planBatch(['a.pdf'], {})).rejects.toThrow(/--out-dir/);
    await expect(planBatch([], {})).rejects.toThrow(/files to sign/);
  });
});
