import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import { ingestInbox } from '../../src/stages/ingest/index.js';
import { tempDir } from '../helpers/cli.js';
import { page } from './helpers.js';

/** Issue 16, poison documents: an input that cannot be read rejects its document, and ingest goes on. */
describe('unreadable input at ingest', () => {
  it('rejects the document whose file cannot be read, with a reason, and registers the rest', async () => {
    const root = tempDir('sohoa-unreadable-');
    const inbox = path.join(root, 'inbox');
    const old = Date.now() / 1000 - 3600;
    mkdirSync(path.join(inbox, 'scans', 'folder.png'), { recursive: true }); // a folder where a scan should be
    writeFileSync(path.join(inbox, 'scans', 'good.png'), await page(1));
    utimesSync(path.join(inbox, 'scans', 'good.png'), old, old);
    utimesSync(path.join(inbox, 'scans', 'folder.png'), old, old);
    writeFileSync(path.join(inbox, 'manifest.csv'), 'file,unit_code,dossier_code,kind,document\nscans/good.png,842,HS-1,ho-so,don\nscans/folder.png,842,HS-2,ho-so,don\n');
    const catalog = openSqliteCatalog(path.join(root, 'ws'));
    try {
      const res = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
      expect(res.registered.map((d) => d.dossierCode)).toEqual(['HS-1']);
      expect(res.rejected.map((r) => [path.basename(r.file), r.reason])).toEqual([['folder.png', 'unreadable']]);
      expect(res.rejected[0]!.message).toContain('a folder');
    } finally {
      catalog.close();
    }
  });
});
