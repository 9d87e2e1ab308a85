import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import { FsObjectStore, S3ObjectStore } from '../../../src/adapters/store/index.js';
import { digestFile, digestStream, sha256Hex } from '../../../src/adapters/store/hash.js';
import { UnitTree } from '../../../src/domain/units.js';
import { ConfigError, ExitCode, StorageError } from '../../../src/errors.js';
import { importUnits } from '../../../src/registry/units-import.js';
import type { ObjectStore } from '../../../src/ports/object-store.js';
import { archiveDocument, archiveDocuments, type Sidecar } from '../../../src/stages/archive/index.js';
import { VERSION } from '../../../src/version.js';
import { ROOT, tempDir } from '../../helpers/cli.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../../helpers/s3rver.js';
import { fakePdf, inputFor, seedDocument } from './fixtures.js';

Object.assign(process.env, S3RVER_ENV);

async function readJson(store: ObjectStore, key: string): Promise<Sidecar> {
  const chunks: Buffer[] = [];
  for await (const c of (await store.get(key))!) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Sidecar;
}

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3rver('records');
});
afterAll(() => s3.dispose());

const subjects: Array<{ name: string; open(dir: string): ObjectStore }> = [
  { name: 'file store', open: (dir) => new FsObjectStore(path.join(dir, 'archive')) },
  {
    name: 'S3 store',
    open: (dir) =>
      new S3ObjectStore({
        bucket: 'records', prefix: `${path.basename(dir)}/`, endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true,
        checksum: 'when-supported', verifyUpload: 'head', multipartThresholdBytes: 16 * 1024 * 1024,
      }),
  },
];

for (const subject of subjects) {
  describe(`archiveDocument on the ${subject.name}`, () => {
    let dir: string;
    let catalog: SqlCatalog;
    let store: ObjectStore;
    let units: UnitTree;

    beforeAll(async () => {
      dir = tempDir('sohoa-archive-');
      catalog = openSqliteCatalog(path.join(dir, 'ws'));
      await importUnits(catalog, path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv'));
      units = new UnitTree(catalog.units.all());
      store = subject.open(dir);
    });
    afterAll(() => {
      store.close();
      catalog.close();
    });

    it('uploads the PDF and its sidecar, then records both and the document\'s key (its stage is the caller\'s)', async () => {
      const pdf = fakePdf(dir, 'doc-1.pdf');
      seedDocument(catalog, 'doc-1');
      const r = await archiveDocument({ store, catalog, units }, inputFor(pdf));
      const d = await digestFile(pdf);
      expect(r).toMatchObject({ status: 'uploaded', key: '84/842/29236/2024/H59.22-240101-0001/ket-qua/doc-1.pdf', sha256: d.sha256, size: d.size });
      expect((await digestStream((await store.get(r.key))!)).sha256).toBe(d.sha256);

      const sidecar = await readJson(store, r.sidecarKey);
      expect(sidecar.object).toEqual({ key: r.key, sha256: d.sha256, size: d.size, contentType: 'application/pdf' });
      expect(sidecar.annexVI).toMatchObject({ TypeName: 'Quyết định', CodeNotation: 'QĐ-UBND', PageAmount: 2 });
      expect(sidecar.document).toMatchObject({ id: 'doc-1', pageCount: 2, ocrConfidence: 0.91, docType: 'decision' });
      expect(sidecar.signature).toEqual({ signed: true, signer: 'UBND Phường 4', coversWholeFile: true });
      expect(sidecar.sources.map((s) => s.sha256)).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
      expect(sidecar.sohoa.version).toBe(VERSION);

      expect(catalog.archive.find(store.url, r.key)).toMatchObject({ sha256: d.sha256, size: d.size, kind: 'document', documentUid: 'doc-1' });
      expect(catalog.archive.find(store.url, r.sidecarKey)?.kind).toBe('sidecar');
      const doc = catalog.db.prepare('SELECT stage, status, archive_key, archived_at IS NOT NULL AS at FROM documents WHERE uid = ?').get('doc-1');
      expect(doc).toEqual({ stage: 'signed', status: 'pending', archive_key: r.key, at: 1 });
    });

    it('skips a document already archived, and counts it as such', async () => {
      const pdf = path.join(dir, 'doc-1.pdf');
      const again = await archiveDocument({ store, catalog, units }, inputFor(pdf));
      expect(again.status).toBe('already-archived');
      expect(catalog.archive.count(store.url)).toBe(2);
    });

    it('converges after a crash between the upload and the catalog: no duplicate, catalog agrees', async () => {
      const pdf = fakePdf(dir, 'doc-2.pdf');
      // First run: PDF and sidecar reached the store, then the process died before the catalog commit.
      const lost = openSqliteCatalog(path.join(dir, 'ws-lost'));
      const first = await archiveDocument({ store, catalog: lost, units }, inputFor(pdf));
      lost.close();
      // Re-run against the real catalog (a sidecar with another timestamp is already there).
      await new Promise((r) => setTimeout(r, 5));
      const second = await archiveDocument({ store, catalog, units }, inputFor(pdf));
      expect(second).toMatchObject({ status: 'already-archived', key: first.key, sha256: first.sha256 });
      expect(catalog.archive.find(store.url, first.key)?.sha256).toBe(first.sha256);
      expect(catalog.archive.find(store.url, first.sidecarKey)).toBeDefined();
      const keys: string[] = [];
      for await (const o of store.list()) keys.push(o.key);
      expect(keys.filter((k) => k.includes('doc-2'))).toHaveLength(2);
    });

    it('refuses to overwrite a different object at the key: StorageError (exit 5), nothing recorded', async () => {
      const pdf = fakePdf(dir, 'doc-3.pdf');
      const lost = openSqliteCatalog(path.join(dir, 'ws-other'));
      const original = await archiveDocument({ store, catalog: lost, units }, inputFor(pdf));
      lost.close();
      writeFileSync(pdf, Buffer.concat([readFileSync(pdf), Buffer.from('changed')]));
      const err = await archiveDocument({ store, catalog, units }, inputFor(pdf)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).exitCode).toBe(ExitCode.Storage);
      expect((err as StorageError).message).toMatch(/not overwriting/);
      expect((await digestStream((await store.get(original.key))!)).sha256).toBe(original.sha256);
      expect(catalog.archive.findDocument(store.url, 'doc-3')).toBeUndefined();
    });

    it('refuses retention the store cannot keep before uploading anything', async () => {
      const pdf = fakePdf(dir, 'doc-4.pdf');
      const err = await archiveDocument({ store, catalog, units, retention: { mode: 'COMPLIANCE', days: 3650 } }, inputFor(pdf)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect(await store.head('84/842/29236/2024/H59.22-240101-0001/ket-qua/doc-4.pdf')).toBeUndefined();
    });

    it('archives a batch through a bounded queue, reporting a conflict without stopping the others', async () => {
      const files = Array.from({ length: 6 }, (_, i) => fakePdf(dir, `batch-${i}.pdf`, 20));
      const inputs = files.map((f) => inputFor(f, { dossierCode: 'H59.22-240202-0002', part: 'ho-so' }));
      // batch-5's key is taken by other bytes.
      const other = Buffer.from('someone else');
      await store.put('84/842/29236/2024/H59.22-240202-0002/ho-so/batch-5.pdf', { bytes: other, size: other.length, sha256: sha256Hex(other) }, { contentType: 'application/pdf' });
      const progress: number[] = [];
      const res = await archiveDocuments({ store, catalog, units }, inputs, { concurrency: 3, onProgress: (p) => progress.push(p.done) });
      expect(res.uploaded).toBe(5);
      expect(res.failures.map((f) => f.uid)).toEqual(['batch-5']);
      expect(res.failures[0]!.error).toBeInstanceOf(StorageError);
      expect(progress.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(catalog.archive.count(store.url)).toBeGreaterThanOrEqual(10);
    });
  });
}
