import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import { FsObjectStore } from '../../../src/adapters/store/index.js';
import { digestFile } from '../../../src/adapters/store/hash.js';
import { UnitTree } from '../../../src/domain/units.js';
import { StorageError } from '../../../src/errors.js';
import { importUnits } from '../../../src/registry/units-import.js';
import type { ObjectStore } from '../../../src/ports/object-store.js';
import { archiveDocument } from '../../../src/stages/archive/index.js';
import { adoptOrphan } from '../../../src/stages/archive/adopt.js';
import { ROOT, tempDir } from '../../helpers/cli.js';
import { fakePdf, inputFor, seedDocument } from './fixtures.js';

// A worker died after uploading a document and before recording it; another machine's worker signed it again.
describe('adopting what a dead worker uploaded', () => {
  let dir: string;
  let catalog: SqlCatalog;
  let store: ObjectStore;
  let deps: Parameters<typeof archiveDocument>[0];

  beforeAll(async () => {
    dir = tempDir('sohoa-adopt-');
    catalog = openSqliteCatalog(path.join(dir, 'ws'));
    await importUnits(catalog, path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv'));
    store = new FsObjectStore(path.join(dir, 'archive'));
    deps = { store, catalog, units: new UnitTree(catalog.units.all()) };
  });
  afterAll(() => {
    store.close();
    catalog.close();
  });

  it('records the stored PDF and sidecar as the archive when the sidecar describes them and names the same document and sources', async () => {
    seedDocument(catalog, 'doc-a');
    const first = fakePdf(dir, 'doc-a.pdf');
    // The dead worker's upload: both objects stored, nothing recorded.
    await archiveDocument(deps, inputFor(first), { onConfirmed: () => undefined });
    expect(catalog.archive.findDocument(store.url, 'doc-a')).toBeUndefined();

    const again = fakePdf(path.join(dir, 'ws'), 'doc-a.pdf'); // the new worker's PDF: other bytes
    await expect(archiveDocument(deps, inputFor(again))).rejects.toThrow(StorageError);
    const r = await adoptOrphan(deps, inputFor(again));
    const d = await digestFile(first);
    expect(r).toMatchObject({ status: 'already-archived', sha256: d.sha256, size: d.size });
    expect(catalog.archive.findDocument(store.url, 'doc-a')).toMatchObject({ sha256: d.sha256, key: r!.key });
    expect(catalog.archive.find(store.url, r!.sidecarKey)?.kind).toBe('sidecar');
    // Once recorded, the usual path sees it as archived; adopting has nothing more to do.
    expect(await adoptOrphan(deps, inputFor(again))).toBeUndefined();
  });

  it('leaves alone an object whose sidecar names other sources, and a free key', async () => {
    seedDocument(catalog, 'doc-b', 'H59.22-240101-0002');
    const first = fakePdf(dir, 'doc-b.pdf');
    await archiveDocument(deps, inputFor(first, { dossierCode: 'H59.22-240101-0002' }), { onConfirmed: () => undefined });
    const other = inputFor(first, { dossierCode: 'H59.22-240101-0002', sources: [{ name: 'x.tif', sha256: 'c'.repeat(64) }] });
    expect(await adoptOrphan(deps, other)).toBeUndefined();
    expect(await adoptOrphan(deps, inputFor(fakePdf(dir, 'doc-c.pdf'), { dossierCode: 'H59.22-240101-0003' }))).toBeUndefined();
  });
});
