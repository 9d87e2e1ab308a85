/**
 * Staged originals in the catalog's life (issue 10): ingest stages them, fixity knows them, and
 * originals.deleteAfterArchive lets go of those only archived documents use. Real SQLite catalog
 * and s3rver; no OCR (stages are moved on through the catalog port).
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectStoreOriginals } from '../../../src/adapters/originals/index.js';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import { S3ObjectStore } from '../../../src/adapters/store/index.js';
import { sha256Hex } from '../../../src/adapters/store/hash.js';
import { archiveDocument } from '../../../src/stages/archive/index.js';
import { runFixity } from '../../../src/stages/fixity/index.js';
import { ingestInbox } from '../../../src/stages/ingest/index.js';
import { releaseArchivedOriginals } from '../../../src/stages/originals/release.js';
import { tempDir } from '../../helpers/cli.js';
import { makeInbox } from '../../helpers/inbox.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../../helpers/s3rver.js';
import { fakePdf, inputFor } from '../archive/fixtures.js';

Object.assign(process.env, S3RVER_ENV);

let s3: TestS3;
let dir: string;
let catalog: SqlCatalog;
let store: S3ObjectStore;
let originals: ObjectStoreOriginals;
let inputs: string[];
const sha = (file: string) => sha256Hex(readFileSync(file));

beforeAll(async () => {
  s3 = await startS3rver('province');
  dir = tempDir('sohoa-staged-life-');
  catalog = openSqliteCatalog(path.join(dir, 'desk'));
  store = new S3ObjectStore({
    bucket: 'province', prefix: 'records/', endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true,
    checksum: 'when-supported', verifyUpload: 'head', multipartThresholdBytes: 16 * 1024 * 1024,
  });
  originals = new ObjectStoreOriginals(store, '_staging/originals/', path.join(dir, 'desk', 'cache', 'originals'));
  const inbox = path.join(dir, 'inbox');
  inputs = await makeInbox(inbox, [
    { unit: '29236', dossier: 'ST-001', part: 'ho-so', file: 'don.png', page: 1 },
    { unit: '842', dossier: 'ST-002', part: 'ho-so', file: 'to-khai.jpg', page: 4 },
  ]);
  // The same scan filed again in a third dossier: one staged object, two documents.
  mkdirSync(path.join(inbox, '842', 'ST-003', 'ho-so'), { recursive: true });
  copyFileSync(inputs[1]!, path.join(inbox, '842', 'ST-003', 'ho-so', 'to-khai.jpg'));
  const r = await ingestInbox(catalog, inbox, { originals, settleSeconds: 0 });
  expect(r.registered, JSON.stringify({ ...r, registered: r.registered.length })).toHaveLength(3);
  expect(r.rejected).toEqual([]);
});
afterAll(async () => {
  store?.close();
  catalog?.close();
  await s3?.dispose();
});

const stagedKeys = async () => {
  const keys: string[] = [];
  for await (const o of store.list('_staging')) keys.push(o.key);
  return keys.sort();
};
const docOf = (dossier: string) => catalog.documents.all().find((d) => d.dossierCode === dossier)!;

describe('staged originals through ingest, fixity and archiving', () => {
  it('ingest stages each distinct original once, under its SHA-256, and nothing in the workspace', async () => {
    expect(await stagedKeys()).toEqual(inputs.map((f) => `_staging/originals/sha256/${sha(f).slice(0, 2)}/${sha(f)}`).sort());
    for (const f of inputs) expect((await store.head(originals.keyOf(sha(f))))?.sha256).toBe(sha(f));
  });

  it('fixity re-hashes the staged originals the catalog knows and calls an unknown one unexpected', async () => {
    await archiveDocument({ store, catalog }, inputFor(fakePdf(dir, 'st-rec.pdf', 4)));
    const ok = await runFixity(store, catalog, { scope: { kind: 'all' }, stagingPrefix: '_staging/originals/' });
    expect(ok.findings).toEqual([]);
    expect(ok.counts).toMatchObject({ checked: 4, ok: 4, unexpected: 0 });
    expect(ok.status).toBe('passed');

    // Without the staging prefix they would all be strangers (the behaviour issue 10 reports).
    const blind = await runFixity(store, { archive: catalog.archive }, { scope: { kind: 'all' } });
    expect(blind.counts.unexpected).toBe(2);

    const stray = Buffer.from('nobody ingested this');
    const strayKey = `_staging/originals/sha256/${sha256Hex(stray).slice(0, 2)}/${sha256Hex(stray)}`;
    await store.put(strayKey, { bytes: stray, size: stray.length, sha256: sha256Hex(stray) }, { contentType: 'application/octet-stream' });
    const file = s3.objectPath(`records/${originals.keyOf(sha(inputs[0]!))}`);
    const good = readFileSync(file);
    const bad = Buffer.from(good);
    bad[200] = bad[200]! ^ 0xff;
    rmSync(file);
    writeFileSync(file, bad);
    try {
      const r = await runFixity(store, catalog, { scope: { kind: 'all' }, stagingPrefix: '_staging/originals/' });
      expect(Object.fromEntries(r.findings.map((f) => [f.key, f.status]))).toEqual({
        [originals.keyOf(sha(inputs[0]!))]: 'corrupt',
        [strayKey]: 'unexpected',
      });
      expect(r.findings.find((f) => f.status === 'corrupt')).toMatchObject({ messageSaid: { key: 'fixity.detail.stagedAltered', params: { size: good.length } } });
      expect(r.status).toBe('failed');
    } finally {
      rmSync(file);
      writeFileSync(file, good);
      await store.delete(strayKey);
    }
  });

  it('deleteAfterArchive keeps what an unarchived document still uses and removes the rest', async () => {
    const [a, b, c] = [docOf('ST-001'), docOf('ST-002'), docOf('ST-003')];
    expect(await releaseArchivedOriginals(catalog.documents, originals)).toEqual([]);

    catalog.documents.advance(a.id, 'archived');
    catalog.documents.advance(b.id, 'archived');
    // ST-003 shares ST-002's scan and is still pending: that original stays.
    expect(await releaseArchivedOriginals(catalog.documents, originals)).toEqual([sha(inputs[0]!)]);
    expect(await stagedKeys()).toEqual([originals.keyOf(sha(inputs[1]!))]);

    // A rejected document may be retried: it keeps its original too.
    catalog.documents.reject(c.id, 'test', 'set aside by the test');
    expect(await releaseArchivedOriginals(catalog.documents, originals)).toEqual([]);
    catalog.documents.setStatus(c.id, 'pending', null, null);
    catalog.documents.advance(c.id, 'archived');
    expect(await releaseArchivedOriginals(catalog.documents, originals)).toEqual([sha(inputs[1]!)]);
    expect(await stagedKeys()).toEqual([]);
  });
});
