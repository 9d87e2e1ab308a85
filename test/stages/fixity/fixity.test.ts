import { rmSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import { FsObjectStore, S3ObjectStore } from '../../../src/adapters/store/index.js';
import { sha256Hex } from '../../../src/adapters/store/hash.js';
import type { ObjectStore } from '../../../src/ports/object-store.js';
import { archiveDocument, type ArchiveResult } from '../../../src/stages/archive/index.js';
import { runFixity, sample } from '../../../src/stages/fixity/index.js';
import { english, word } from '../../../src/i18n/said.js';
import { tempDir } from '../../helpers/cli.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../../helpers/s3rver.js';
import { fakePdf, inputFor } from '../archive/fixtures.js';

Object.assign(process.env, S3RVER_ENV);

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3rver('fixity');
});
afterAll(() => s3.dispose());

/** Where each store keeps an object's bytes on disk, to damage it behind the store's back. */
const subjects: Array<{ name: string; open(dir: string): ObjectStore; fileOf(store: ObjectStore, key: string): string }> = [
  { name: 'file store', open: (dir) => new FsObjectStore(path.join(dir, 'archive')), fileOf: (st, key) => path.join((st as FsObjectStore).root, key) },
  {
    name: 'S3 store on s3rver',
    open: (dir) =>
      new S3ObjectStore({
        bucket: 'fixity', prefix: `${path.basename(dir)}/`, endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true,
        checksum: 'when-supported', verifyUpload: 'head', multipartThresholdBytes: 16 * 1024 * 1024,
      }),
    fileOf: (st, key) => s3.objectPath(`${st.url.slice('s3://fixity/'.length)}${key}`),
  },
];

for (const subject of subjects) {
  describe(`fixity on the ${subject.name}`, () => {
    let dir: string;
    let catalog: SqlCatalog;
    let store: ObjectStore;
    const docs: ArchiveResult[] = [];

    beforeAll(async () => {
      dir = tempDir('sohoa-fixity-');
      catalog = openSqliteCatalog(path.join(dir, 'ws'));
      store = subject.open(dir);
      for (let i = 0; i < 4; i++) docs.push(await archiveDocument({ store, catalog }, inputFor(fakePdf(dir, `fx-${i}.pdf`, 10))));
    });
    afterAll(() => {
      store.close();
      catalog.close();
    });

    it('passes an intact archive and records the audit', async () => {
      const progress: number[] = [];
      const r = await runFixity(store, catalog, { scope: { kind: 'all' }, onProgress: (p) => progress.push(p.done) });
      expect(r.status).toBe('passed');
      expect(r.counts).toEqual({ checked: 8, ok: 8, missing: 0, corrupt: 0, unexpected: 0, errors: 0 });
      expect(progress).toHaveLength(8);
      expect(catalog.archive.audits(1)[0]).toMatchObject({ id: r.auditId, status: 'passed', checked: 8, ok: 8 });
    });

    it('finds a corrupted object, a deleted one, a sidecar that disagrees and an unexpected one', async () => {
      const corrupt = subject.fileOf(store, docs[0]!.key);
      const bytes = readFileSync(corrupt);
      bytes[100] = bytes[100]! ^ 0xff; // one flipped byte, same size
      rmSync(corrupt, { force: true });
      writeFileSync(corrupt, bytes);
      rmSync(subject.fileOf(store, docs[1]!.key));
      const sidecarFile = subject.fileOf(store, docs[2]!.sidecarKey);
      const sidecar = JSON.parse(readFileSync(sidecarFile, 'utf8')) as { object: { sha256: string } };
      sidecar.object.sha256 = '0'.repeat(64);
      rmSync(sidecarFile, { force: true });
      writeFileSync(sidecarFile, JSON.stringify(sidecar));
      const extra = Buffer.from('not from sohoa');
      await store.put('stray/extra.pdf', { bytes: extra, size: extra.length, sha256: sha256Hex(extra) }, { contentType: 'application/pdf' });

      const r = await runFixity(store, catalog, { scope: { kind: 'all' } });
      expect(r.status).toBe('failed');
      const byKey = Object.fromEntries(r.findings.map((f) => [f.key, f.status]));
      expect(byKey).toEqual({
        [docs[0]!.key]: 'corrupt',
        [docs[1]!.key]: 'missing',
        // the altered sidecar no longer hashes to its catalog SHA-256, and its PDF's check sees the disagreement
        [docs[2]!.sidecarKey]: 'corrupt',
        [docs[2]!.key]: 'corrupt',
        'stray/extra.pdf': 'unexpected',
      });
      expect(r.counts).toMatchObject({ checked: 8, ok: 4, missing: 1, corrupt: 3, unexpected: 1 });
      // Each finding's detail has a catalogue text whose English is the stored message, and a Vietnamese one.
      const said = Object.fromEntries(r.findings.map((f) => [f.key, f.messageSaid?.key]));
      expect(said).toEqual({
        [docs[0]!.key]: 'fixity.detail.contentDiffers',
        [docs[1]!.key]: 'fixity.detail.notInStore',
        [docs[2]!.sidecarKey]: 'fixity.detail.contentDiffers',
        [docs[2]!.key]: 'fixity.detail.sidecarDescribes',
        'stray/extra.pdf': 'fixity.detail.notInCatalog',
      });
      for (const f of r.findings) {
        expect(english(f.messageSaid!)).toBe(f.message);
        expect(word(f.messageSaid!, 'vi')).not.toMatch(/bytes|not in|differs|describes/);
      }
      expect(word(r.findings.find((f) => f.key === 'stray/extra.pdf')!.messageSaid!, 'vi')).toBe('14 byte, không có trong danh mục');
      expect(catalog.archive.findings(r.auditId)).toHaveLength(5);
      expect(catalog.archive.find(store.url, docs[1]!.key)?.lastAuditStatus).toBe('missing');
      expect(catalog.archive.find(store.url, docs[3]!.key)?.lastAuditStatus).toBe('ok');
    });

    it('checks only a sample, or only what was archived since a date, and lists nothing unexpected then', async () => {
      const s = await runFixity(store, catalog, { scope: { kind: 'sample', size: 3 } });
      expect(s.counts.checked).toBe(3);
      expect(s.counts.unexpected).toBe(0);
      const future = await runFixity(store, catalog, { scope: { kind: 'since', date: '2999-01-01' } });
      expect(future.counts.checked).toBe(0);
      expect(future.status).toBe('passed');
    });
  });
}

describe('sample', () => {
  it('draws distinct items, at most all of them', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const s = sample(items, 10);
    expect(new Set(s).size).toBe(10);
    expect(s.every((x) => items.includes(x))).toBe(true);
    expect(sample(items, 80)).toHaveLength(50);
  });
});
