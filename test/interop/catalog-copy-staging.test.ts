import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDb } from '../../src/adapters/postgres/db.js';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { pgMigrations } from '../../src/adapters/postgres/migrations/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeInbox } from '../helpers/inbox.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../helpers/s3rver.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * An office that ingested on its own and joins the province before finishing: `catalog copy`
 * stages the unfinished documents' originals from its workspace, so workers elsewhere can read
 * them; a second copy uploads nothing; an original gone from the office's disk is named, not guessed.
 */
describe.runIf(requirePostgres())('catalog copy stages the originals of unfinished documents', () => {
  let server: PgServer;
  let s3: TestS3;
  let dir: string;
  let ws: string;
  let url: string;
  let hashes: string[];
  let client: S3Client;
  const env = () => ({ ...server.env(), ...S3RVER_ENV });
  const copy = () =>
    runCli(['--workspace', path.join(dir, 'province'), '--archive', 's3://province/tra-vinh', '--s3-endpoint', s3.endpoint, 'catalog', 'copy', '--from', `sqlite:${ws}`, '--to', url, '--json'], { env: env() });
  const staged = async () => {
    const r = await client.send(new ListObjectsV2Command({ Bucket: 'province', Prefix: 'tra-vinh/_staging/originals/' }));
    return (r.Contents ?? []).map((o) => path.basename(o.Key!)).sort();
  };

  beforeAll(async () => {
    server = (await startPostgres())!;
    process.env.PGPASSWORD = server.password;
    s3 = await startS3rver('province');
    client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    dir = tempDir('sohoa-copy-staging-');
    ws = path.join(dir, 'office');
    const files = await makeInbox(path.join(dir, 'inbox'), [
      { unit: '29236', dossier: 'JOIN-001', part: 'ho-so', file: 'don.png', page: 1 },
      { unit: '29236', dossier: 'JOIN-001', part: 'ket-qua', file: 'qd.jpg', page: 2 },
      { unit: '842', dossier: 'JOIN-002', part: 'ho-so', file: 'to-khai.png', page: 3 },
    ]);
    hashes = files.map((f) => sha(readFileSync(f))).sort();
    const ingest = await runCli(['--workspace', ws, 'ingest', path.join(dir, 'inbox'), '--settle-seconds', '0']);
    expect(ingest.code, ingest.stderr).toBe(0);
    url = await server.createDatabase();
    const db = new PgDb({ url, applicationName: 'test', connectTimeoutMs: 5000, queryTimeoutMs: 60000 }, url);
    migrate(db, pgMigrations, url);
    db.close();
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    await s3?.dispose();
    await server?.close();
  });

  it('uploads each unfinished original once, with its bytes, and a second copy uploads nothing', async () => {
    const first = await copy();
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as { unfinished: number; originals: { staged: number; already: number; unavailable: unknown[] } };
    expect(out.unfinished).toBe(3);
    expect(out.originals).toEqual({ staged: 3, already: 0, unavailable: [] });
    expect(await staged()).toEqual(hashes);
    for (const h of hashes) {
      const got = await client.send(new GetObjectCommand({ Bucket: 'province', Key: `tra-vinh/_staging/originals/sha256/${h.slice(0, 2)}/${h}` }));
      expect(sha(Buffer.from(await got.Body!.transformToByteArray()))).toBe(h);
    }
    const second = await copy();
    expect(second.code, second.stderr).toBe(0);
    expect((JSON.parse(second.stdout) as typeof out).originals).toEqual({ staged: 0, already: 3, unavailable: [] });
  });

  it('names an original the office no longer holds instead of staging something else', async () => {
    // Empty the staging area and lose one original from the office's disk.
    const lost = hashes[0]!;
    for (const h of hashes) await client.send(new DeleteObjectCommand({ Bucket: 'province', Key: `tra-vinh/_staging/originals/sha256/${h.slice(0, 2)}/${h}` }));
    rmSync(path.join(ws, 'originals', 'sha256', lost.slice(0, 2), lost.slice(2)), { force: true });
    const r = await copy();
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { originals: { staged: number; unavailable: Array<{ sha256: string; path: string }> } };
    expect(out.originals.staged).toBe(2);
    expect(out.originals.unavailable.map((u) => u.sha256)).toEqual([lost]);
    expect(out.originals.unavailable[0]!.path).toMatch(/JOIN-00\d/);
    expect(await staged()).toEqual(hashes.filter((h) => h !== lost));
  });
});
