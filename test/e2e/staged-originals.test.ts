/**
 * Issue 10, staged originals, through the command line: `ingest` puts each original in the
 * bucket; with the inbox gone and no copy in the workspace, `run` still processes the document
 * from the staged original; a staged original altered in the bucket rejects its document naming
 * the input, and nothing wrong is archived; originals.deleteAfterArchive decides whether they go.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import { createDemoP12 } from '../../src/stages/sign/demo.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { makeInbox } from '../helpers/inbox.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../helpers/s3rver.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const STAGED = 'desk/_staging/originals/';
const keyOf = (h: string) => `${STAGED}sha256/${h.slice(0, 2)}/${h}`;

let s3: TestS3;
let client: S3Client;
let dir: string;
let ws: string;
let p12: { p12Path: string; passphraseFile: string };

beforeAll(async () => {
  s3 = await startS3rver('province');
  client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  dir = tempDir('sohoa-staged-e2e-');
  p12 = await createDemoP12(path.join(dir, 'keys'));
  ws = path.join(dir, 'ws');
  expect((await runCli(['--workspace', ws, 'units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')])).code).toBe(0);
  const reg = path.join(dir, 'reg.csv');
  writeFileSync(
    reg,
    'dossier_code,procedure_code,unit_code,agency,received_date,resolved_date,components_digitized,result_digitized\n' +
      'ST-001,1.001193,29236,UBND Phường 4,2022-03-01,,0,0\nST-002,2.000889,842,UBND Thành phố Trà Vinh,2022-03-02,,0,0\n',
  );
  expect((await runCli(['--workspace', ws, 'register', 'import', reg])).code).toBe(0);
});
afterAll(async () => {
  client?.destroy();
  await s3?.dispose();
});

/** Every command as a desk or worker of the province runs it: originals staged in the bucket. */
const sohoa = (args: string[], env: Record<string, string> = {}) =>
  runCli(['--workspace', ws, '--archive', 's3://province/desk', '--s3-endpoint', s3.endpoint, '--log-format', 'json', ...args], {
    env: { ...S3RVER_ENV, SOHOA_ORIGINALS_STORE: 'object-store', ...env },
  });
const signArgs = () => ['--p12', p12.p12Path, '--passphrase-file', p12.passphraseFile, '--agency', 'UBND Phường 4'];
const stagedKeys = async () => ((await client.send(new ListObjectsV2Command({ Bucket: 'province', Prefix: STAGED }))).Contents ?? []).map((o) => o.Key!).sort();
const cached = () => (existsSync(path.join(ws, 'cache', 'originals')) ? readdirSync(path.join(ws, 'cache', 'originals')) : []);
const docs = () => {
  const catalog = openSqliteCatalog(ws);
  try {
    return catalog.documents.all();
  } finally {
    catalog.close();
  }
};

describe('staged originals, end to end', { timeout: 600_000 }, () => {
  let inputs: string[];
  let hashes: string[];

  it('ingest stages every original in the bucket with its SHA-256, and keeps none in the workspace', async () => {
    inputs = await makeInbox(path.join(dir, 'inbox'), [
      { unit: '29236', dossier: 'ST-001', part: 'ho-so', file: 'don.png', page: 1 },
      { unit: '842', dossier: 'ST-002', part: 'ho-so', file: 'to-khai.jpg', page: 4 },
    ]);
    hashes = inputs.map((f) => sha(readFileSync(f)));
    const r = await sohoa(['ingest', path.join(dir, 'inbox'), '--settle-seconds', '0']);
    expect(r.code, r.stderr).toBe(0);
    expect(await stagedKeys()).toEqual(hashes.map(keyOf).sort());
    for (const h of hashes) {
      const head = await client.send(new HeadObjectCommand({ Bucket: 'province', Key: keyOf(h) }));
      expect(head.Metadata?.sha256).toBe(h);
      const body = Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: 'province', Key: keyOf(h) }))).Body!.transformToByteArray());
      expect(sha(body)).toBe(h);
    }
    expect(existsSync(path.join(ws, 'originals'))).toBe(false);
  });

  it('with the inbox gone, run processes from the staged originals; an altered one rejects its document by name', async () => {
    for (const f of inputs) rmSync(f);
    // One flipped byte in the bucket, behind sohoa's back (the recorded SHA-256 still says the old one).
    const file = s3.objectPath(keyOf(hashes[1]!));
    const good = readFileSync(file);
    const bad = Buffer.from(good);
    bad[300] = bad[300]! ^ 0xff;
    rmSync(file);
    writeFileSync(file, bad);

    const r = await sohoa(['run', ...signArgs()]);
    expect(r.code, r.stderr).toBe(2);
    const events = r.stderr.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const rejected = events.filter((e) => e.event === 'document-rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBe('hash-mismatch');
    expect(rejected[0].message).toContain(inputs[1]);
    expect(rejected[0].message).toContain(`s3://province/desk/_staging/originals/`);
    const byDossier = Object.fromEntries(docs().map((d) => [d.dossierCode, d]));
    expect(byDossier['ST-001']).toMatchObject({ stage: 'archived' });
    expect(byDossier['ST-002']).toMatchObject({ stage: 'ingested', status: 'rejected' });
    // Nothing of the altered document reached the archive; the archived one is there.
    const archived = ((await client.send(new ListObjectsV2Command({ Bucket: 'province', Prefix: 'desk/' }))).Contents ?? [])
      .map((o) => o.Key!)
      .filter((k) => !k.startsWith(STAGED));
    expect(archived.filter((k) => k.endsWith('.pdf'))).toEqual([expect.stringContaining('/29236/')]);
    // Default: staged originals are kept after archiving; the downloads are not.
    expect(await stagedKeys()).toEqual(hashes.map(keyOf).sort());
    expect(cached()).toEqual([]);

    // Repaired in the bucket, the document goes through on retry.
    rmSync(file);
    writeFileSync(file, good);
  });

  it('fixity checks the staged originals the catalog knows and passes', async () => {
    const r = await sohoa(['fixity', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { counts: { checked: number; ok: number; unexpected: number } };
    // The archived PDF and its sidecar, and the two staged originals.
    expect(report.counts).toMatchObject({ checked: 4, ok: 4, unexpected: 0 });
  });

  it('deleteAfterArchive removes the originals only archived documents use, and keeps the rest', async () => {
    const kept = await sohoa(['run', '--stages', 'ocr', ...signArgs()], { SOHOA_ORIGINALS_DELETE_AFTER_ARCHIVE: 'true' });
    expect(kept.code, kept.stderr).toBe(0);
    // ST-002 is rejected (not archived): its original stays; ST-001's is gone.
    expect(await stagedKeys()).toEqual([keyOf(hashes[1]!)]);
    expect(kept.stderr).toContain('"event":"originals-released"');

    const uid = docs().find((d) => d.dossierCode === 'ST-002')!.uid;
    expect((await sohoa(['documents', 'retry', uid])).code).toBe(0);
    const r = await sohoa(['run', ...signArgs()], { SOHOA_ORIGINALS_DELETE_AFTER_ARCHIVE: 'true' });
    expect(r.code, r.stderr).toBe(0);
    expect(docs().every((d) => d.stage === 'archived')).toBe(true);
    expect(await stagedKeys()).toEqual([]);
    expect(cached()).toEqual([]);
  });
});
