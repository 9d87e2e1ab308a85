/**
 * A review decision on a document the province has already archived, with the real parts a
 * province runs: one PostgreSQL catalog, an s3rver bucket and an idle `sohoa worker`. The new
 * sidecar version is written once (by `review` itself when the bucket is there; by the worker when
 * it was away at decision time), the archived PDF and the first sidecar stay as they were, and the
 * catalog, the bucket and `sohoa fixity` agree.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoP12 } from '../../src/stages/sign/demo.js';
import { renderPage } from '../fixtures-gen/render.js';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../helpers/s3rver.js';

const DOSSIERS = ['RV-001', 'RV-002'];
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.runIf(requirePostgres())('a review decision on an archived document, PostgreSQL, S3 and an idle worker', () => {
  let pg: PgServer;
  let s3: TestS3;
  let url: string;
  let dir: string;
  let client: S3Client;
  let worker: ChildProcess;
  let log = '';
  let exit: Promise<number | null>;

  const env = () => ({ ...S3RVER_ENV, ...pg.env(), SOHOA_CATALOG_URL: url, SOHOA_CLASSIFY_REVIEW_BELOW: '0', SOHOA_OCR_REVIEW_BELOW: '0' });
  const common = (ws: string) => ['--workspace', path.join(dir, ws), '--archive', 's3://province/tinh', '--s3-endpoint', s3.endpoint];
  const sohoa = (ws: string, args: string[]) => runCli([...common(ws), ...args], { env: env() });
  const sql = (q: string) => pg.psql(url, q);
  const events = (type: string) =>
    log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((e) => e.event === type);
  const until = async (what: string, check: () => Promise<boolean>, seconds: number) => {
    for (const end = Date.now() + seconds * 1000; Date.now() < end; await sleep(500)) if (await check().catch(() => false)) return;
    throw new Error(`Timed out waiting for ${what}\n--- worker\n${log.split('\n').slice(-20).join('\n')}`);
  };
  const object = async (key: string) => {
    const got = await client.send(new GetObjectCommand({ Bucket: 'province', Key: `tinh/${key}` }));
    return Buffer.from(await got.Body!.transformToByteArray());
  };
  /** The archive records of one document: key, kind, version and SHA-256, in version order. */
  const records = async (uid: string) =>
    (await sql(`SELECT kind || ' ' || version || ' ' || key || ' ' || sha256 FROM archived_objects WHERE document_uid = '${uid}' ORDER BY kind, version`))
      .split('\n')
      .map((l) => {
        const [kind, version, key, sha256] = l.split(' ');
        return { kind: kind!, version: Number(version), key: key!.replace(/^tinh\//, ''), sha256: sha256! };
      });
  const uidOf = (dossier: string) => sql(`SELECT uid FROM documents WHERE dossier_code = '${dossier}'`);

  beforeAll(async () => {
    pg = (await startPostgres())!;
    url = await pg.createDatabase();
    s3 = await startS3rver('province');
    client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    dir = tempDir('sohoa-review-archived-');
    const p12 = await createDemoP12(path.join(dir, 'keys'));
    expect((await sohoa('admin', ['catalog', 'migrate'])).code).toBe(0);
    expect((await sohoa('admin', ['units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')])).code).toBe(0);
    for (const [i, code] of DOSSIERS.entries()) {
      const folder = path.join(dir, 'inbox', '29236', code, 'ho-so');
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'don.png'), (await renderPage({ page: i + 1, dpi: 200, widthIn: 2.5, heightIn: 1.2, bodyLines: 1 })).image);
    }
    worker = spawn(
      process.execPath,
      [BIN, ...common('worker'), '--log-format', 'json', '--concurrency', '1', 'worker', '--p12', p12.p12Path, '--passphrase-file', p12.passphraseFile, '--agency', 'UBND Phường 4', '--appearance', 'none'],
      {
        cwd: ROOT,
        env: { ...process.env, SOHOA_LANG: 'en', ...env(), SOHOA_BENCH_OCR: 'noop', SOHOA_CATALOG_POLL_SECONDS: '2', SOHOA_CATALOG_LEASE_SECONDS: '10', SOHOA_CATALOG_OUTAGE_MINUTES: '3' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    worker.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    exit = new Promise((resolve) => worker.on('close', (code) => resolve(code)));
    const ingest = await sohoa('desk', ['ingest', path.join(dir, 'inbox'), '--settle-seconds', '0']);
    expect(ingest.code, ingest.stderr).toBe(0);
    await until('both documents archived', async () => (await sql(`SELECT count(*) FROM documents WHERE stage = 'archived'`)) === String(DOSSIERS.length), 180);
    await until('the worker to finish both', async () => events('document-done').length === DOSSIERS.length, 60);
  }, 300_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    client?.destroy();
    await s3?.dispose();
    await pg?.close();
  });

  it('review set with the bucket there: sidecar v2 written once, v1 and the PDF kept', async () => {
    const uid = await uidOf(DOSSIERS[0]!);
    const before = await records(uid);
    expect(before.map((r) => `${r.kind} ${r.version}`)).toEqual(['document 1', 'sidecar 1']);
    const [pdf, v1] = before;
    const type = (await sql(`SELECT doc_type FROM documents WHERE uid = '${uid}'`)) === 'giay-xac-nhan' ? 'don-de-nghi' : 'giay-xac-nhan';

    const set = await sohoa('desk', ['review', 'set', uid, type, '--reviewer', 'Văn thư', '--json']);
    expect(set.code, set.stderr).toBe(0);
    const out = JSON.parse(set.stdout) as { sidecar?: { version: number; key: string }; next?: string };
    // Written by `review` itself, or (when the idle worker was revising at that instant) by the worker.
    if (!out.sidecar) expect(out.next).toBe('sidecar-at-next-run');
    await until('sidecar v2 recorded', async () => (await records(uid)).length === 3, 30);
    // Two more polls of the idle worker: it writes no third version.
    await sleep(5_000);
    const after = await records(uid);
    expect(after.map((r) => `${r.kind} ${r.version}`)).toEqual(['document 1', 'sidecar 1', 'sidecar 2']);
    const v2 = after[2]!;
    expect(v2.key).toBe(v1!.key.replace(/\.json$/, '.v2.json'));
    expect(after.slice(0, 2)).toEqual(before);
    expect(sha(await object(pdf!.key))).toBe(pdf!.sha256);
    expect(sha(await object(v1!.key))).toBe(v1!.sha256);
    const v2Bytes = await object(v2.key);
    expect(sha(v2Bytes)).toBe(v2.sha256);
    expect(JSON.parse(v2Bytes.toString('utf8'))).toMatchObject({ sidecarVersion: 2, supersedes: v1!.key, document: { docType: type }, review: { action: 'set' } });
    expect(JSON.parse((await object(v1!.key)).toString('utf8')).document.docType).not.toBe(type);
    expect(await sql(`SELECT sidecar_outdated || ' ' || doc_type FROM documents WHERE uid = '${uid}'`)).toBe(`0 ${type}`);
  });

  it('review accept while the bucket is away: the idle worker writes v2 once it is back', async () => {
    const uid = await uidOf(DOSSIERS[1]!);
    const before = await records(uid);
    const outagesBefore = events('outage').length;
    await s3.stop();
    try {
      const accept = await sohoa('desk', ['review', 'accept', uid, '--json']);
      expect(accept.code, accept.stderr).toBe(0);
      expect((JSON.parse(accept.stdout) as { next?: string }).next).toBe('sidecar-at-next-run');
      expect(await sql(`SELECT sidecar_outdated FROM documents WHERE uid = '${uid}'`)).toBe('1');
      // The worker, idle, finds the outdated sidecar at its next poll and waits the outage out.
      await until('the worker to meet the outage', async () => events('outage').slice(outagesBefore).some((e) => e.what === 'object-store'), 60);
      expect((await records(uid)).length).toBe(2);
    } finally {
      await s3.restart();
    }
    await until('the worker to write sidecar v2', async () => events('sidecar-version').some((e) => e.document === uid), 120);
    await sleep(5_000);
    const after = await records(uid);
    expect(after.map((r) => `${r.kind} ${r.version}`)).toEqual(['document 1', 'sidecar 1', 'sidecar 2']);
    expect(after.slice(0, 2)).toEqual(before);
    expect(events('sidecar-version').filter((e) => e.document === uid)).toHaveLength(1);
    const v2 = JSON.parse((await object(after[2]!.key)).toString('utf8')) as { sidecarVersion: number; supersedes: string; review: { action: string } };
    expect(v2).toMatchObject({ sidecarVersion: 2, supersedes: before[1]!.key, review: { action: 'accept' } });
    expect(await sql(`SELECT sidecar_outdated FROM documents WHERE uid = '${uid}'`)).toBe('0');
  });

  it('the catalog, the bucket and sohoa fixity agree; the worker stops with 130', async () => {
    const keys: string[] = [];
    for (let token: string | undefined; ; ) {
      const page = await client.send(new ListObjectsV2Command({ Bucket: 'province', Prefix: 'tinh/', ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key!.slice('tinh/'.length)));
      if (!(token = page.NextContinuationToken)) break;
    }
    const archived = keys.filter((k) => !k.startsWith('_staging/')).sort();
    expect(archived).toEqual((await sql(`SELECT key FROM archived_objects ORDER BY key`)).split('\n').map((k) => k.replace(/^tinh\//, '')).sort());
    expect(archived.filter((k) => k.endsWith('.v2.json'))).toHaveLength(DOSSIERS.length);
    const fixity = await sohoa('auditor', ['fixity', '--json']);
    expect(fixity.code, fixity.stdout + fixity.stderr).toBe(0);
    // Per document: the PDF, sidecars v1 and v2, and its staged original.
    const n = DOSSIERS.length * 4;
    expect((JSON.parse(fixity.stdout) as { counts: Record<string, number> }).counts).toMatchObject({ checked: n, ok: n, unexpected: 0 });
    expect(await sql(`SELECT count(*) FROM archived_objects WHERE last_audit_status = 'ok'`)).toBe(String(DOSSIERS.length * 3));

    worker.kill('SIGTERM');
    expect(await exit, log.slice(-2000)).toBe(130);
    expect(await sql(`SELECT count(*) FROM leases`)).toBe('0');
  });
});
