import { createHash } from 'node:crypto';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { openObjectStore, S3ObjectStore } from '../../../src/adapters/store/index.js';
import { sha256Hex } from '../../../src/adapters/store/hash.js';
import { ConfigError, StorageError, UsageError } from '../../../src/errors.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../../helpers/s3rver.js';
import { objectStoreContract } from './contract.js';

Object.assign(process.env, S3RVER_ENV);

const MB = 1024 * 1024;

function s3Store(s3: TestS3, prefix: string, over: Partial<ConstructorParameters<typeof S3ObjectStore>[0]> = {}) {
  return new S3ObjectStore({
    bucket: s3.bucket,
    prefix,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    checksum: 'when-supported',
    verifyUpload: 'head',
    multipartThresholdBytes: 5 * MB,
    ...over,
  });
}

for (const mode of [
  { checksum: 'when-supported', verifyUpload: 'head' },
  { checksum: 'when-required', verifyUpload: 'read' },
] as const) {
  objectStoreContract({
    name: `S3 store on s3rver (${mode.checksum}, verify by ${mode.verifyUpload})`,
    open: async () => {
      const s3 = await startS3rver();
      return { store: s3Store(s3, 'records/', mode), dispose: () => s3.dispose() };
    },
    multipartFrom: 5 * MB,
  });
}

describe('S3 store specifics', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3rver('specifics');
  });
  afterAll(() => s3.dispose());

  it('parses s3:// URLs into bucket and prefix, and never takes credentials from them', () => {
    const cfg = { workspace: '.', archive: undefined, s3: { endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: false, checksum: 'when-supported', verifyUpload: 'head', multipartThresholdMB: 16, ioConcurrency: 4 } } as const;
    expect(openObjectStore('s3://specifics/tra-vinh/2024/', cfg).url).toBe('s3://specifics/tra-vinh/2024/');
    expect(openObjectStore('s3://specifics', cfg).url).toBe('s3://specifics/');
    expect(() => openObjectStore('s3://KEY:SECRET@specifics/x', cfg)).toThrow(UsageError);
    expect(() => openObjectStore('ftp://host/x', cfg)).toThrow(UsageError);
  });

  it('keeps objects under its prefix: another prefix does not see them', async () => {
    const a = s3Store(s3, 'a/');
    const b = s3Store(s3, 'b/');
    const data = Buffer.from('under a');
    await a.put('k.txt', { bytes: data, size: data.length, sha256: sha256Hex(data) }, { contentType: 'text/plain' });
    expect(await b.head('k.txt')).toBeUndefined();
    const inB: string[] = [];
    for await (const o of b.list()) inB.push(o.key);
    expect(inB).toEqual([]);
    a.close();
    b.close();
  });

  it('stores x-amz-meta-sha256 with the object (read by a plain HEAD)', async () => {
    const { readFileSync } = await import('node:fs');
    const store = s3Store(s3, 'meta/');
    const data = Buffer.from('meta check');
    await store.put('m.txt', { bytes: data, size: data.length, sha256: sha256Hex(data) }, { contentType: 'text/plain' });
    const stored = JSON.parse(readFileSync(s3.objectPath('meta/m.txt').replace(/object$/, 'metadata.json'), 'utf8')) as Record<string, string>;
    expect(stored['x-amz-meta-sha256']).toBe(sha256Hex(data));
    store.close();
  });

  it('sends x-amz-checksum-sha256 on every upload by default, and none in when-required mode', async () => {
    const seen: Array<{ mode: string; sum: unknown; url?: string }> = [];
    let mode = 'when-supported';
    const unwatch = s3.watch((req) => {
      if (req.method === 'PUT') seen.push({ mode, sum: req.headers['x-amz-checksum-sha256'], url: req.url?.split('?')[0] });
    });
    const data = Buffer.from('checksum header');
    const sum = Buffer.from(sha256Hex(data), 'hex').toString('base64');
    const a = s3Store(s3, 'sum-a/');
    await a.put('x.txt', { bytes: data, size: data.length, sha256: sha256Hex(data) }, { contentType: 'text/plain' });
    mode = 'when-required';
    const b = s3Store(s3, 'sum-b/', { checksum: 'when-required' });
    await b.put('x.txt', { bytes: data, size: data.length, sha256: sha256Hex(data) }, { contentType: 'text/plain' });
    unwatch();
    expect(seen).toEqual([
      { mode: 'when-supported', sum, url: '/specifics/sum-a/x.txt' },
      { mode: 'when-required', sum: undefined, url: '/specifics/sum-b/x.txt' },
    ]);
    a.close();
    b.close();
  });

  it('confirms uploads by the ETag (MD5) of the reply, without a HEAD, when it matches', async () => {
    const { writeFileSync } = await import('node:fs');
    const { randomBytes } = await import('node:crypto');
    const { digestFile } = await import('../../../src/adapters/store/hash.js');
    const { tempDir } = await import('../../helpers/cli.js');
    const store = s3Store(s3, 'etag/');
    const file = `${tempDir()}/big.bin`;
    writeFileSync(file, randomBytes(11 * MB));
    const d = await digestFile(file, store.partSize, true);
    const heads: string[] = [];
    const unwatch = s3.watch((req) => {
      if (req.method === 'HEAD') heads.push(req.url ?? '');
    });
    const small = Buffer.from('small one');
    const a = await store.put('small.txt', { bytes: small, size: small.length, sha256: sha256Hex(small), md5: createHash('md5').update(small).digest('hex') }, { contentType: 'text/plain' });
    const b = await store.put('big.bin', { file, ...d }, { contentType: 'application/octet-stream' });
    unwatch();
    expect([a.verifiedBy, b.verifiedBy, b.multipart]).toEqual(['server-md5', 'server-md5', true]);
    // only the look before each write, none after
    expect(heads.map((u) => u.split('?')[0])).toEqual(['/specifics/etag/small.txt', '/specifics/etag/big.bin']);
    store.close();
  });

  it('sends each part with the SHA-256 computed with the file digest', async () => {
    const { writeFileSync } = await import('node:fs');
    const { randomBytes } = await import('node:crypto');
    const { digestFile } = await import('../../../src/adapters/store/hash.js');
    const { tempDir } = await import('../../helpers/cli.js');
    const store = s3Store(s3, 'parts/');
    const file = `${tempDir()}/big.bin`;
    writeFileSync(file, randomBytes(12 * MB));
    const d = await digestFile(file, store.partSize);
    const parts: Array<[number, unknown, unknown]> = [];
    const unwatch = s3.watch((req) => {
      const m = /partNumber=(\d+)/.exec(req.url ?? '');
      if (req.method === 'PUT' && m) parts.push([Number(m[1]), req.headers['x-amz-checksum-sha256'], req.headers['x-amz-content-sha256']]);
    });
    const r = await store.put('big.bin', { file, ...d }, { contentType: 'application/octet-stream' });
    unwatch();
    expect(r.multipart).toBe(true);
    expect(parts.sort((a, b) => a[0] - b[0])).toEqual(d.partDigests.map((p, i) => [i + 1, p.toString('base64'), p.toString('hex')]));
    store.close();
  });

  it('says clearly when the server cannot list multipart uploads', async () => {
    const store = s3Store(s3, 'mp/');
    await expect(store.listIncompleteUploads()).rejects.toThrow(/cannot list multipart uploads/);
    await expect(store.listIncompleteUploads()).rejects.toBeInstanceOf(StorageError);
    store.close();
  });

  it('names Object Lock in the retention error', async () => {
    const store = s3Store(s3, 'lock/');
    const err = await store.assertRetentionSupported().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(/does not support Object Lock/);
    expect((err as ConfigError).hint).toMatch(/object-lock-enabled-for-bucket/);
    store.close();
  });

  it('fails with a storage error when the server is down, and names the object', async () => {
    const down = await startS3rver('down');
    const store = s3Store(down, '');
    await down.dispose();
    const data = Buffer.from('nowhere');
    const err = await store.put('x.txt', { bytes: data, size: data.length, sha256: sha256Hex(data) }, { contentType: 'text/plain' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).message).toContain('s3://down/x.txt');
    store.close();
  });
});
