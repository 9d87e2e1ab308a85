/** Issue 16 case 7: a citizen ID in a scan's file name never reaches the archive key or sidecar. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import { FsObjectStore } from '../../../src/adapters/store/index.js';
import { archiveDocument } from '../../../src/stages/archive/index.js';
import { tempDir } from '../../helpers/cli.js';
import { fakePdf, inputFor, seedDocument } from './fixtures.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('personal data in archive keys and sidecars', () => {
  it('masks a CCCD and a CMND from file names in the key, the sidecar and the stored paths', async () => {
    const dir = tempDir();
    const catalog = openSqliteCatalog(path.join(dir, 'ws'));
    const archive = path.join(dir, 'archive');
    const store = new FsObjectStore(archive);
    // The uid ingest makes from `cccd-084012341234.jpg`: dossier, part, name, content hash.
    const uid = 'h59-22-240101-0001-ho-so-cccd-084012341234-3fa4b2c9d1';
    seedDocument(catalog, uid);
    const pdf = fakePdf(dir, 'signed.pdf');
    const res = await archiveDocument(
      { store, catalog },
      inputFor(pdf, { uid, sources: [{ name: 'cccd-084012341234.jpg', sha256: 'c'.repeat(64) }, { name: 'CMND 331234567.tif', sha256: 'd'.repeat(64) }] }),
    );
    expect(res.key).toContain('cccd-0840xxxx1234-3fa4b2c9d1.pdf');
    const everything = filesUnder(archive).map((f) => f + '\n' + readFileSync(f, 'latin1')).join('\n');
    expect(everything).not.toContain('084012341234');
    expect(everything).not.toContain('331234567');
    const sidecar = JSON.parse(readFileSync(path.join(archive, res.sidecarKey), 'utf8'));
    expect(sidecar.document.id).toBe('h59-22-240101-0001-ho-so-cccd-0840xxxx1234-3fa4b2c9d1');
    expect(sidecar.sources.map((s: { name: string }) => s.name)).toEqual(['cccd-0840xxxx1234.jpg', 'CMND 33xxxx67.tif']);
    // The catalog still knows the document by its uid, and where it went.
    expect(catalog.archive.findDocument(store.url, uid)?.key).toBe(res.key);
    catalog.close();
  });
});
