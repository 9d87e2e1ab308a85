import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import { S3ObjectStore } from '../../../src/adapters/store/index.js';
import { UsageError } from '../../../src/errors.js';
import { archiveDocuments } from '../../../src/stages/archive/index.js';
import { tempDir } from '../../helpers/cli.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../../helpers/s3rver.js';
import { fakePdf, inputFor } from './fixtures.js';

Object.assign(process.env, S3RVER_ENV);

describe('archiveDocuments (batch)', () => {
  let s3: TestS3;
  let dir: string;
  let catalog: SqlCatalog;
  let store: S3ObjectStore;
  beforeAll(async () => {
    s3 = await startS3rver('batch');
    dir = tempDir('sohoa-batch-');
    catalog = openSqliteCatalog(path.join(dir, 'ws'));
    store = new S3ObjectStore({
      bucket: 'batch', prefix: '', endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true,
      checksum: 'when-supported', verifyUpload: 'head', multipartThresholdBytes: 16 * 1024 * 1024,
    });
  });
  afterAll(async () => {
    store.close();
    catalog.close();
    await s3.dispose();
  });

  it('lists a shared folder once instead of a HEAD per object, and records every document', async () => {
    const inputs = Array.from({ length: 8 }, (_, i) => inputFor(fakePdf(dir, `b-${i}.pdf`, 8)));
    const requests: string[] = [];
    const unwatch = s3.watch((req) => requests.push(`${req.method} ${req.url?.split('?')[0]}`));
    const res = await archiveDocuments({ store, catalog }, inputs, { concurrency: 4 });
    unwatch();
    expect(res.failures).toEqual([]);
    expect(res.uploaded).toBe(8);
    expect(requests.filter((r) => r.startsWith('HEAD'))).toEqual([]);
    expect(requests.filter((r) => r.startsWith('GET'))).toEqual(['GET /batch/']); // the one listing
    expect(requests.filter((r) => r.startsWith('PUT'))).toHaveLength(16); // PDFs and sidecars
    expect(catalog.archive.count(store.url)).toBe(16);

    // The re-run finds them all and uploads nothing.
    const again = await archiveDocuments({ store, catalog }, inputs, { concurrency: 4 });
    expect([again.uploaded, again.alreadyArchived]).toEqual([0, 8]);
  });

  it('refuses two documents that map to one key, and archives the rest', async () => {
    const a = inputFor(fakePdf(dir, 'dup.pdf', 4), { dossierCode: 'DUP-1' });
    const b = { ...a, pdfPath: fakePdf(dir, 'dup-other.pdf', 4) };
    const c = inputFor(fakePdf(dir, 'single.pdf', 4), { dossierCode: 'DUP-1' });
    const res = await archiveDocuments({ store, catalog }, [a, b, c], { concurrency: 2 });
    expect(res.failures).toHaveLength(1);
    expect(res.failures[0]!.error).toBeInstanceOf(UsageError);
    expect(res.results.map((r) => r.uid).sort()).toEqual(['dup', 'single']);
  });
});
