import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectStoreOriginals, openOriginals, originalsStoreKind, stagedShaOf } from '../../../src/adapters/originals/index.js';
import { FsOriginals } from '../../../src/adapters/originals/fs-originals.js';
import { FsObjectStore, S3ObjectStore } from '../../../src/adapters/store/index.js';
import { configSchema } from '../../../src/config/schema.js';
import { ConfigError } from '../../../src/errors.js';
import { OriginalUnavailable } from '../../../src/ports/originals.js';
import type { ObjectStore } from '../../../src/ports/object-store.js';
import { tempDir } from '../../helpers/cli.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../../helpers/s3rver.js';

Object.assign(process.env, S3RVER_ENV);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let s3: TestS3;
let client: S3Client;
beforeAll(async () => {
  s3 = await startS3rver('staging');
  client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
});
afterAll(async () => {
  client.destroy();
  await s3.dispose();
});

const s3Store = (prefix: string) =>
  new S3ObjectStore({
    bucket: 'staging', prefix, endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true,
    checksum: 'when-supported', verifyUpload: 'head', multipartThresholdBytes: 5 * 1024 * 1024,
  });

/** Each store, and where it keeps an object's bytes on disk (to damage them behind its back). */
const subjects: Array<{ name: string; open(dir: string): ObjectStore; fileOf(store: ObjectStore, key: string): string }> = [
  { name: 'file store', open: (dir) => new FsObjectStore(path.join(dir, 'archive')), fileOf: (st, key) => path.join((st as FsObjectStore).root, key) },
  { name: 'S3 on s3rver', open: (dir) => s3Store(`${path.basename(dir)}/`), fileOf: (st, key) => s3.objectPath(`${st.url.slice('s3://staging/'.length)}${key}`) },
];

for (const subject of subjects) {
  describe(`ObjectStoreOriginals on the ${subject.name}`, () => {
    let dir: string;
    let store: ObjectStore;
    let originals: ObjectStoreOriginals;
    let scan: string;
    let scanSha: string;
    const cache = () => path.join(dir, 'ws', 'cache', 'originals');

    beforeAll(() => {
      dir = tempDir('sohoa-staged-');
      store = subject.open(dir);
      originals = new ObjectStoreOriginals(store, '_staging/originals/', cache());
      scan = path.join(dir, 'scan.png');
      const bytes = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'binary'), randomBytes(64 * 1024)]);
      writeFileSync(scan, bytes);
      scanSha = sha(bytes);
    });
    afterAll(() => store.close());

    it('stages the bytes under <prefix>sha256/ab/<sha256>, with their SHA-256 recorded and confirmed', async () => {
      const before = readFileSync(scan);
      expect(await originals.put(scan, scanSha)).toEqual({ sha256: scanSha, stored: true });
      const key = `_staging/originals/sha256/${scanSha.slice(0, 2)}/${scanSha}`;
      expect(originals.keyOf(scanSha)).toBe(key);
      const head = await store.head(key);
      expect(head).toMatchObject({ size: before.length, sha256: scanSha });
      expect(await originals.has(scanSha)).toBe(true);
      // The input is never modified, and no snapshot is left behind.
      expect(readFileSync(scan).equals(before)).toBe(true);
      expect(readdirSync(cache())).toEqual([]);
    });

    it('a second put of the same SHA-256 is a no-op', async () => {
      expect(await originals.put(scan, scanSha)).toEqual({ sha256: scanSha, stored: false });
    });

    it('a file that no longer hashes to the SHA-256 given is not staged', async () => {
      const other = path.join(dir, 'changed.png');
      writeFileSync(other, 'not what was hashed');
      const claimed = 'a'.repeat(64);
      expect(await originals.put(other, claimed)).toEqual({ sha256: sha(Buffer.from('not what was hashed')), stored: false });
      expect(await originals.has(claimed)).toBe(false);
    });

    it('localCopy downloads a private copy, re-hashed; release removes it', async () => {
      const a = await originals.localCopy(scanSha);
      const b = await originals.localCopy(scanSha);
      expect(a).not.toBe(b);
      expect(path.dirname(a)).toBe(cache());
      expect(sha(readFileSync(a))).toBe(scanSha);
      await originals.release(a);
      expect(existsSync(a)).toBe(false);
      expect(existsSync(b)).toBe(true);
      await originals.release(b);
      // Never a file outside its cache.
      await originals.release(scan);
      expect(existsSync(scan)).toBe(true);
    });

    it('throws OriginalUnavailable for a missing original, and for one altered in the store', async () => {
      await expect(originals.localCopy('b'.repeat(64))).rejects.toMatchObject({ kind: 'missing' });
      const file = subject.fileOf(store, originals.keyOf(scanSha));
      const good = readFileSync(file);
      const bad = Buffer.from(good);
      bad[100] = bad[100]! ^ 0xff;
      rmSync(file, { force: true }); // the file store's objects are read-only
      writeFileSync(file, bad);
      try {
        const err = await originals.localCopy(scanSha).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(OriginalUnavailable);
        expect(err).toMatchObject({ kind: 'hash-mismatch', sha256: scanSha, actual: sha(bad) });
        expect(readdirSync(cache())).toEqual([]);
      } finally {
        rmSync(file, { force: true });
        writeFileSync(file, good);
      }
    });

    it('lists what it stages and removes on request', async () => {
      const listed: string[] = [];
      for await (const s of originals.staged()) listed.push(s);
      expect(listed).toEqual([scanSha]);
      await originals.remove(scanSha);
      expect(await originals.has(scanSha)).toBe(false);
      // Staged again later (the same scan ingested anew): uploaded, not a no-op.
      expect(await originals.put(scan, scanSha)).toEqual({ sha256: scanSha, stored: true });
    });
  });
}

describe('staged originals on S3, seen by the SDK', () => {
  it('the object holds the bytes, with x-amz-meta-sha256 and the server checksum', async () => {
    const dir = tempDir('sohoa-staged-sdk-');
    const store = s3Store('desk/');
    const originals = new ObjectStoreOriginals(store, '_staging/originals', path.join(dir, 'cache'));
    const file = path.join(dir, 'p.jpg');
    const bytes = randomBytes(20_000);
    writeFileSync(file, bytes);
    await originals.put(file, sha(bytes));
    const key = `desk/_staging/originals/sha256/${sha(bytes).slice(0, 2)}/${sha(bytes)}`;
    const head = await client.send(new HeadObjectCommand({ Bucket: 'staging', Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.Metadata?.sha256).toBe(sha(bytes));
    expect(head.ContentLength).toBe(bytes.length);
    const body = Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: 'staging', Key: key }))).Body!.transformToByteArray());
    expect(sha(body)).toBe(sha(bytes));
    store.close();
  });

  it('a large original goes up in parts, confirmed like an archived PDF, and reads back whole', async () => {
    const dir = tempDir('sohoa-staged-big-');
    const store = s3Store('big/');
    const originals = new ObjectStoreOriginals(store, '_staging/originals/', path.join(dir, 'cache'));
    const file = path.join(dir, 'stack.tif');
    const bytes = randomBytes(6 * 1024 * 1024 + 123);
    writeFileSync(file, bytes);
    const requests: string[] = [];
    const stop = s3.watch((r) => requests.push(`${r.method} ${r.url}`));
    try {
      expect(await originals.put(file, sha(bytes))).toEqual({ sha256: sha(bytes), stored: true });
    } finally {
      stop();
    }
    expect(requests.some((r) => /^POST .*uploads/.test(r))).toBe(true);
    const local = await originals.localCopy(sha(bytes));
    expect(sha(readFileSync(local))).toBe(sha(bytes));
    await originals.release(local);
    store.close();
  });

  it('an upload cut off by the server is not trusted: the next put uploads again', async () => {
    const dir = tempDir('sohoa-staged-cut-');
    const store = s3Store('cut/');
    const originals = new ObjectStoreOriginals(store, '_staging/originals/', path.join(dir, 'cache'));
    const file = path.join(dir, 'big.tif');
    const bytes = randomBytes(2 * 1024 * 1024);
    writeFileSync(file, bytes);
    const cut = s3.stopOn(/^PUT .*_staging/);
    const first = originals.put(file, sha(bytes));
    await cut;
    await expect(first).rejects.toThrow();
    await s3.restart();
    expect(await originals.put(file, sha(bytes))).toEqual({ sha256: sha(bytes), stored: true });
    expect((await store.head(originals.keyOf(sha(bytes))))?.sha256).toBe(sha(bytes));
    expect(readdirSync(path.join(dir, 'cache'))).toEqual([]);
    store.close();
  });
});

describe('staged keys', () => {
  it('recognises only <prefix>sha256/ab/<sha256> whose folder matches the name', () => {
    const h = 'c0'.padEnd(64, '1');
    expect(stagedShaOf(`_staging/originals/sha256/c0/${h}`, '_staging/originals/')).toBe(h);
    expect(stagedShaOf(`_staging/originals/sha256/c0/${h}`, '_staging/originals')).toBe(h);
    expect(stagedShaOf(`_staging/originals/sha256/ab/${h}`, '_staging/originals/')).toBeUndefined();
    expect(stagedShaOf(`84/842/2024/${h}`, '_staging/originals/')).toBeUndefined();
    expect(stagedShaOf(`_staging/originals/sha256/c0/${h}.pdf`, '_staging/originals/')).toBeUndefined();
  });
});

describe('openOriginals: where originals live', () => {
  const cfg = (over: Record<string, unknown>) => ({ ...configSchema.parse(over), workspace: tempDir('sohoa-open-') });

  it('defaults to the workspace with SQLite, to the object store with PostgreSQL', () => {
    expect(originalsStoreKind(cfg({}))).toBe('workspace');
    expect(originalsStoreKind(cfg({ catalog: { url: 'sqlite:/tmp/x.sqlite' } }))).toBe('workspace');
    expect(originalsStoreKind(cfg({ catalog: { url: 'postgres://db.example/sohoa' } }))).toBe('object-store');
    expect(originalsStoreKind(cfg({ catalog: { url: 'postgres://db.example/sohoa' }, originals: { store: 'workspace' } }))).toBe('workspace');
    expect(originalsStoreKind(cfg({ originals: { store: 'object-store' } }))).toBe('object-store');
  });

  it('opens the archive store with the configured prefix, or the workspace folder', () => {
    const ws = cfg({});
    expect(openOriginals(ws).originals).toBeInstanceOf(FsOriginals);
    const staged = openOriginals(cfg({ archive: 's3://staging/p', s3: { endpoint: s3.endpoint }, originals: { store: 'object-store', stagingPrefix: 'in/' } }));
    expect(staged.staged?.location).toBe('s3://staging/p/in/');
    staged.close();
  });

  it('refuses the default with PostgreSQL when the archive is this machine\'s folder', () => {
    expect(() => openOriginals(cfg({ catalog: { url: 'postgres://db.example/sohoa' } }))).toThrow(ConfigError);
  });
});
