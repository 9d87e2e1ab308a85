/**
 * Issue 10, work on many machines, through the command line with real parts: one PostgreSQL
 * catalog (the test harness), one s3rver bucket, two desks ingesting their inboxes, three
 * `sohoa worker` processes with a workspace each (as on three machines). One worker SIGKILLs
 * itself in the middle of a document; PostgreSQL is stopped for 10 s mid-run, then the object store
 * for 5 s. Every document is
 * still archived exactly once, the catalog agrees with the bucket, and the report counts both desks.
 * Two workers use the no-op OCR engine (SOHOA_BENCH_OCR=noop) to keep the suite quick; one runs
 * the real tesseract.js.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoP12 } from '../../src/stages/sign/demo.js';
import { renderPage } from '../fixtures-gen/render.js';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../helpers/s3rver.js';

const PER_DESK = 30;
const DESKS = [
  { unit: '29236', prefix: 'DA', agency: 'UBND Phường 4' },
  { unit: '842', prefix: 'DB', agency: 'UBND Thành phố Trà Vinh' },
];
const NOOP_TEXT = 'ĐƠN ĐỀ NGHỊ%';

interface Worker {
  name: string;
  child: ChildProcess;
  log: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const ready = requirePostgres();
let pg: PgServer;
let s3: TestS3;
let url: string;
let dir: string;
let p12: { p12Path: string; passphraseFile: string };

/** What every desk and worker of the province runs with: the one catalog and the one bucket. */
const env = () => ({ ...S3RVER_ENV, ...pg.env(), SOHOA_CATALOG_URL: url, SOHOA_CLASSIFY_REVIEW_BELOW: '0', SOHOA_OCR_REVIEW_BELOW: '0' });
const common = (ws: string, prefix = 'tinh') => ['--workspace', ws, '--archive', `s3://province/${prefix}`, '--s3-endpoint', s3.endpoint, '--log-format', 'json'];
const sohoa = (ws: string, args: string[], prefix?: string, extra: Record<string, string> = {}) => runCli([...common(ws, prefix), ...args], { env: { ...env(), ...extra } });
const sql = (q: string) => pg.psql(url, q);

function startWorker(name: string, extraEnv: Record<string, string>): Worker {
  const ws = path.join(dir, name);
  const child = spawn(
    process.execPath,
    [BIN, ...common(ws), '--concurrency', '1', 'worker', '--p12', p12.p12Path, '--passphrase-file', p12.passphraseFile, '--agency', 'Trung tâm Phục vụ hành chính công tỉnh', '--appearance', 'none'],
    {
      cwd: ROOT,
      env: { ...process.env, SOHOA_LANG: 'en', ...env(), SOHOA_CATALOG_LEASE_SECONDS: '5', SOHOA_CATALOG_POLL_SECONDS: '2', SOHOA_CATALOG_OUTAGE_MINUTES: '3', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const w: Worker = { name, child, log: '', exit: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))) };
  child.stderr!.on('data', (d: Buffer) => (w.log += d.toString()));
  child.stdout!.on('data', () => undefined);
  return w;
}

const events = (w: Worker, type: string) =>
  w.log
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e.event === type);

async function until(what: string, check: () => Promise<boolean>, seconds: number, workers: Worker[]): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`Timed out waiting for ${what}\n${workers.map((w) => `--- ${w.name}\n${w.log.split('\n').slice(-15).join('\n')}`).join('\n')}`);
}

beforeAll(async () => {
  if (!ready) return;
  pg = (await startPostgres())!;
  url = await pg.createDatabase();
  s3 = await startS3rver('province');
  dir = tempDir('sohoa-workers-');
  p12 = await createDemoP12(path.join(dir, 'keys'));
  const admin = path.join(dir, 'admin');
  expect((await sohoa(admin, ['catalog', 'migrate'])).code).toBe(0);
  expect((await sohoa(admin, ['units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')])).code).toBe(0);
  const rows = DESKS.flatMap((d) => Array.from({ length: PER_DESK }, (_, i) => `${d.prefix}-${String(i + 1).padStart(3, '0')},1.001193,${d.unit},${d.agency},2022-03-${String((i % 28) + 1).padStart(2, '0')},,0,0`));
  writeFileSync(path.join(dir, 'reg.csv'), 'dossier_code,procedure_code,unit_code,agency,received_date,resolved_date,components_digitized,result_digitized\n' + rows.join('\n') + '\n');
  expect((await sohoa(admin, ['register', 'import', path.join(dir, 'reg.csv')])).code).toBe(0);
  // Small pages (2.5 × 1.2 in at 200 dpi): enough for real OCR to read, cheap to make and to OCR.
  for (const d of DESKS) {
    for (let i = 0; i < PER_DESK; i++) {
      const folder = path.join(dir, `inbox-${d.prefix}`, d.unit, `${d.prefix}-${String(i + 1).padStart(3, '0')}`, 'ho-so');
      mkdirSync(folder, { recursive: true });
      const page = await renderPage({ page: i + (d.prefix === 'DB' ? 100 : 1), dpi: 200, widthIn: 2.5, heightIn: 1.2, bodyLines: 1 });
      writeFileSync(path.join(folder, 'don.png'), page.image);
    }
  }
});

afterAll(async () => {
  await s3?.dispose();
  await pg?.close();
});

describe.runIf(ready)('three workers, two desks, one PostgreSQL catalog and one bucket', () => {
  it('archive every document exactly once through a SIGKILLed worker, a 10 s PostgreSQL outage and an S3 outage', async () => {
    const workers = [
      startWorker('w1', {}), // the real tesseract.js
      // Dies by SIGKILL while reading its 4th page: its leases expire and the others take the documents over.
      startWorker('w2', { SOHOA_BENCH_OCR: 'noop', SOHOA_DEBUG_KILL_AT: 'ocr:4' }),
      startWorker('w3', { SOHOA_BENCH_OCR: 'noop' }),
    ];
    let back = '';
    try {
      // The desks ingest while the workers wait: NOTIFY wakes them.
      for (const d of DESKS) {
        const r = await sohoa(path.join(dir, `desk-${d.prefix}`), ['ingest', path.join(dir, `inbox-${d.prefix}`), '--settle-seconds', '0']);
        expect(r.code, r.stderr).toBe(0);
      }
      expect(Number(await sql(`SELECT count(*) FROM documents`))).toBe(2 * PER_DESK);

      // An archived document is at stage `archived` (its status stays `pending`: nothing is left to do).
      const done = async () => Number(await sql(`SELECT count(*) FROM documents WHERE stage = 'archived'`));
      await until('12 documents archived', async () => (await done()) >= 12, 240, workers);
      // Mid-run, status names the workers holding documents (48 are still to do, so some are held).
      const status = JSON.parse((await sohoa(path.join(dir, 'admin'), ['--json', 'status'])).stdout) as { leases: Array<{ workerId: string; host: string }> };
      expect(status.leases.length).toBeGreaterThan(0);
      expect((await workers[1]!.exit).signal).toBe('SIGKILL');

      const before = await done();
      await pg.stop();
      await sleep(10_000);
      await pg.start();
      back = new Date().toISOString();
      console.log(`PostgreSQL stopped for 10 s with ${before} of ${2 * PER_DESK} documents archived`);

      // Then the object store: uploads and staged-original reads fail, the workers wait and carry on.
      await until('32 documents archived', async () => (await done()) >= 32, 240, workers);
      await s3.stop();
      await sleep(5_000);
      // Down until a worker has run into it (on a loaded machine every worker may be inside OCR for
      // the first seconds), so the outage is always one the workers had to wait out.
      const noticed = async () => workers.some((w) => events(w, 'outage').some((e) => e.what === 'object-store'));
      await until('a worker to find the object store away', noticed, 120, workers);
      await s3.restart();

      await until('every document done', async () => (await done()) === 2 * PER_DESK, 420, workers);
      for (const w of [workers[0]!, workers[2]!]) w.child.kill('SIGTERM');
      for (const w of [workers[0]!, workers[2]!]) expect((await w.exit).code, w.log.slice(-2000)).toBe(130);
    } finally {
      for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    }

    // Every document archived exactly once: catalog rows, bucket objects, and the workers' own logs.
    expect(await sql(`SELECT stage || ' ' || status || ' ' || count(*) FROM documents GROUP BY stage, status`)).toBe(`archived pending ${2 * PER_DESK}`);
    expect(await sql(`SELECT count(*) || ' ' || count(DISTINCT document_uid) FROM archived_objects WHERE kind = 'document'`)).toBe(`${2 * PER_DESK} ${2 * PER_DESK}`);
    expect(await sql(`SELECT count(*) FROM leases`)).toBe('0');
    // No document was completed twice. The killed worker may have archived one of the (at most
    // four) documents it had in flight and died before saying so: the catalog above counts it.
    const doneUids = workers.flatMap((w) => events(w, 'document-done').map((e) => e.document));
    expect(new Set(doneUids).size).toBe(doneUids.length);
    expect(doneUids.length).toBeGreaterThanOrEqual(2 * PER_DESK - 4);

    const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const keys: string[] = [];
    for (let token: string | undefined; ; ) {
      const page = await client.send(new ListObjectsV2Command({ Bucket: 'province', Prefix: 'tinh/', ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key!.slice('tinh/'.length)));
      if (!(token = page.NextContinuationToken)) break;
    }
    client.destroy();
    const archived = keys.filter((k) => !k.startsWith('_staging/')).sort();
    const recorded = (await sql(`SELECT key FROM archived_objects ORDER BY key`)).split('\n').map((k) => k.replace(/^tinh\//, '')).sort();
    expect(archived).toEqual(recorded);
    expect(archived.filter((k) => k.endsWith('.pdf'))).toHaveLength(2 * PER_DESK);

    // The outage came mid-run: documents were still being archived after PostgreSQL came back.
    expect(Number(await sql(`SELECT count(*) FROM documents WHERE updated_at > '${back}'`))).toBeGreaterThan(0);
    // The killed worker's documents were taken over; the outage was waited out, not fatal.
    const takeovers = [workers[0]!, workers[2]!].flatMap((w) => events(w, 'claim').filter((e) => e.tookOverFrom));
    expect(takeovers.length).toBeGreaterThan(0);
    expect(takeovers.every((e) => String((e.tookOverFrom as { worker: string }).worker).includes(`:${workers[1]!.child.pid}:`))).toBe(true);
    for (const w of [workers[0]!, workers[2]!]) {
      expect(events(w, 'outage').filter((e) => e.what === 'catalog').length, w.name).toBeGreaterThan(0);
      expect(events(w, 'recovered').length, w.name).toBeGreaterThan(0);
    }
    expect([workers[0]!, workers[2]!].flatMap((w) => events(w, 'outage')).filter((e) => e.what === 'object-store').length).toBeGreaterThan(0);
    // Both OCR engines did work: the real one read the rendered text, not the no-op's.
    expect(Number(await sql(`SELECT count(*) FROM pages WHERE text NOT LIKE '${NOOP_TEXT}'`))).toBeGreaterThan(0);
    expect(Number(await sql(`SELECT count(*) FROM pages WHERE text LIKE '${NOOP_TEXT}'`))).toBeGreaterThan(0);

    // One report over both desks.
    const report = await sohoa(path.join(dir, 'director'), ['--json', 'report', '--format', 'json']);
    expect(report.code, report.stderr).toBe(0);
    const rows = JSON.parse(report.stdout).rows as Array<{ code: string; own: { received: number; archived: number } }>;
    for (const d of DESKS) expect(rows.find((r) => r.code === d.unit)?.own, d.unit).toMatchObject({ received: PER_DESK, archived: PER_DESK });
  });

  it('`sohoa run` on PostgreSQL: two at once share the pending documents, no lock, and both exit when nothing is left', async () => {
    url = await pg.createDatabase();
    const admin = path.join(dir, 'admin2');
    expect((await sohoa(admin, ['catalog', 'migrate'], 'run2')).code).toBe(0);
    const ingest = await sohoa(path.join(dir, 'desk2'), ['ingest', path.join(dir, 'inbox-DA'), '--settle-seconds', '0'], 'run2');
    expect(ingest.code, ingest.stderr).toBe(0);
    const run = (name: string) =>
      sohoa(path.join(dir, name), ['--json', '--concurrency', '1', 'run', '--p12', p12.p12Path, '--passphrase-file', p12.passphraseFile, '--appearance', 'none'], 'run2', { SOHOA_BENCH_OCR: 'noop' });
    const [a, b] = await Promise.all([run('run-a'), run('run-b')]);
    expect(a.code, a.stderr.slice(-2000)).toBe(0);
    expect(b.code, b.stderr.slice(-2000)).toBe(0);
    const archived = (r: { stdout: string }) => (JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { archived: number }).archived;
    // Each document went to exactly one of the two runs.
    expect(archived(a) + archived(b)).toBe(PER_DESK);
    expect(await sql(`SELECT count(*) || ' ' || count(DISTINCT document_uid) FROM archived_objects WHERE kind = 'document'`)).toBe(`${PER_DESK} ${PER_DESK}`);
    expect(await sql(`SELECT count(*) FROM documents WHERE stage <> 'archived'`)).toBe('0');
    // Both gave their leases back; status says who holds what.
    const status = await sohoa(admin, ['--json', 'status'], 'run2');
    expect(JSON.parse(status.stdout).leases).toEqual([]);
    expect((await sohoa(admin, ['status'], 'run2')).stdout).toContain('Leased: none');
  });
});
