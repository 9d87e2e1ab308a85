import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { makeInbox } from '../helpers/inbox.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../helpers/s3rver.js';
import { createDemoP12 } from '../../src/stages/sign/demo.js';
import { verifyPdf } from '../../src/verify/index.js';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

// These runs use the review gate's defaults: the generated pages (a Quyết định's header and
// number line, no issue date printed) are typed with confidence and read well, so none waits
// in review. A date that is absent is a note, not a hold (docs/review.md).

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

let s3: TestS3;
let inbox: string;
let inputs: string[];
let inputHashes: string[];
let p12: { p12Path: string; passphraseFile: string };
let client: S3Client;

beforeAll(async () => {
  s3 = await startS3rver('archive');
  const dir = tempDir('sohoa-e2e-');
  inbox = path.join(dir, 'inbox');
  inputs = await makeInbox(inbox);
  inputHashes = inputs.map(sha);
  p12 = await createDemoP12(dir);
  client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
});
afterAll(async () => {
  client?.destroy();
  await s3?.dispose();
});

function args(ws: string, prefix: string, extra: string[] = []): string[] {
  return [
    '--workspace', ws, '--archive', `s3://archive/${prefix}`, '--s3-endpoint', s3.endpoint, '--log-format', 'json',
    'run', inbox, '--settle-seconds', '0', '--s3-force-path-style',
    '--p12', p12.p12Path, '--passphrase-file', p12.passphraseFile, '--agency', 'UBND xã Long Đức', ...extra,
  ];
}

async function setupWorkspace(): Promise<string> {
  const ws = path.join(tempDir('sohoa-e2e-ws-'), 'ws');
  for (const a of [
    ['units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')],
  ]) {
    const r = await runCli(['--workspace', ws, ...a]);
    expect(r.code, r.stderr).toBe(0);
  }
  const reg = path.join(path.dirname(ws), 'reg.csv');
  writeFileSync(reg, 'dossier_code,procedure_code,unit_code,agency,received_date,resolved_date,components_digitized,result_digitized\nE2E-001,1.001193,29236,UBND Phường 4,2022-03-01,2022-03-05,0,0\nE2E-002,2.000889,842,UBND Thành phố Trà Vinh,2022-03-02,,0,0\n');
  expect((await runCli(['--workspace', ws, 'register', 'import', reg])).code).toBe(0);
  return ws;
}

async function listKeys(prefix: string): Promise<string[]> {
  const r = await client.send(new ListObjectsV2Command({ Bucket: 'archive', Prefix: prefix + '/' }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}

/** The catalog, the archive and the inputs agree; nothing duplicated, nothing lost. */
async function expectConverged(ws: string, prefix: string): Promise<void> {
  const keys = await listKeys(prefix);
  const pdfs = keys.filter((k) => k.endsWith('.pdf'));
  expect(pdfs).toHaveLength(3); // 3 documents: don (2 pages), giay-xac-nhan, to-khai
  expect(keys).toHaveLength(6); // each with its sidecar, no more
  expect(new Set(pdfs.map((k) => path.basename(k))).size).toBe(3);
  for (const key of pdfs) {
    const body = Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: 'archive', Key: key }))).Body!.transformToByteArray());
    const side = JSON.parse(Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: 'archive', Key: key.replace(/\.pdf$/, '.json') }))).Body!.transformToByteArray()).toString());
    expect(createHash('sha256').update(body).digest('hex')).toBe(side.object.sha256);
    const v = await verifyPdf(body);
    expect(v.verdict, JSON.stringify(v.problems)).toBe('valid');
  }
  expect(inputs.map(sha)).toEqual(inputHashes); // inputs untouched
  const fix = await runCli(['--workspace', ws, '--archive', `s3://archive/${prefix}`, '--s3-endpoint', s3.endpoint, 'fixity', '--all', '--s3-force-path-style', '--json'], { env: S3RVER_ENV });
  expect(fix.code, fix.stdout + fix.stderr).toBe(0);
  const rep = JSON.parse((await runCli(['--workspace', ws, 'report', '--format', 'json'])).stdout);
  const commune = rep.rows.find((r: { code: string }) => r.code === '29236');
  expect(commune.own).toMatchObject({ received: 1, componentsDigitized: 1, resultsIssued: 1, resultsDigitized: 1, signed: 1, archived: 1 });
  const district = rep.rows.find((r: { code: string }) => r.code === '842');
  expect(district.own).toMatchObject({ received: 1, componentsDigitized: 1, resultsDigitized: 0 });
}

describe('sohoa run, end to end', { timeout: 600_000 }, () => {
  it('archives every document, signed and verifiable, and the report counts the dossiers', async () => {
    const ws = await setupWorkspace();
    const r = await runCli(args(ws, 'e2e'), { env: S3RVER_ENV });
    expect(r.code, r.stderr).toBe(0);
    const events = r.stderr.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(events.filter((e) => e.event === 'document-done')).toHaveLength(3);
    expect(events.at(-1).event).toBe('summary');
    await expectConverged(ws, 'e2e');
    // A second run has nothing to do and duplicates nothing.
    const again = await runCli(args(ws, 'e2e'), { env: S3RVER_ENV });
    expect(again.code, again.stderr).toBe(0);
    expect(await listKeys('e2e')).toHaveLength(6);
  });

  for (const point of ['ocr', 'after-sign', 'upload', 'before-commit'] as const) {
    it(`converges after SIGKILL at ${point}`, async () => {
      const ws = await setupWorkspace();
      const killed = await runCli(args(ws, `crash-${point}`), { env: { ...S3RVER_ENV, SOHOA_DEBUG_KILL_AT: point } });
      expect(killed.signal).toBe('SIGKILL');
      const rerun = await runCli(args(ws, `crash-${point}`), { env: S3RVER_ENV });
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.stderr).toMatch(/Took over a lock left by pid/);
      await expectConverged(ws, `crash-${point}`);
    });
  }
});

describe('sohoa run, lock and signals', { timeout: 600_000 }, () => {
  it('a second run exits 11 naming the first; SIGTERM stops the first with 130; a re-run resumes', async () => {
    const ws = await setupWorkspace();
    const child = spawn(process.execPath, [BIN, ...args(ws, 'lock')], { env: { ...process.env, ...S3RVER_ENV } });
    let err = '';
    const started = new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('"event":"start"')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await started;
    const second = await runCli(args(ws, 'lock'), { env: S3RVER_ENV });
    expect(second.code).toBe(11);
    expect(second.stderr).toContain(`pid ${child.pid}`);
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    const third = await runCli(args(ws, 'lock'), { env: S3RVER_ENV });
    expect(third.code, third.stderr).toBe(0);
    await expectConverged(ws, 'lock');
  });

  it('fails fast on a wrong passphrase, before any OCR', async () => {
    const ws = await setupWorkspace();
    const bad = path.join(os.tmpdir(), `bad-pass-${process.pid}`);
    writeFileSync(bad, 'wrong');
    const r = await runCli([...args(ws, 'badpass').slice(0, -6), '--p12', p12.p12Path, '--passphrase-file', bad], { env: S3RVER_ENV });
    expect(r.code).toBe(6);
    expect(r.stderr).not.toContain('"event":"stage"');
    expect(r.stderr).not.toContain('wrong');
  });
});
