import { readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { allFiles, makeBench, page, sha256, sidecars } from './helpers.js';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import { migrations } from '../../src/adapters/sqlite/migrations/index.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Issue 16, case 1: the same ID-card scan in two dossiers gave the second dossier no document;
 * a 3-page document whose page 2 repeated another file's bytes kept only 2 pages; exit 0.
 */
describe('identical bytes never drop a reference', () => {
  it('archives every document and every page, and stores the shared bytes once', async () => {
    const b = await makeBench('reused');
    const cccd = await page(1);
    const other = await page(2);
    b.put('29236/HS-A/ho-so/cccd.png', cccd);
    b.put('29236/HS-B/ho-so/cccd.png', cccd);
    b.put('29236/HS-B/ho-so/phu-luc.png', other);
    b.put('29236/HS-C/ho-so/don_p1.png', await page(3));
    b.put('29236/HS-C/ho-so/don_p2.png', other); // page 2 repeats phu-luc.png's bytes
    b.put('29236/HS-C/ho-so/don_p3.png', await page(4));

    const ingest = await b.cli(['ingest', b.inbox, '--settle-seconds', '0', '--json']);
    expect(ingest.code, ingest.stderr).toBe(0);
    const out = JSON.parse(ingest.stdout) as { registered: Array<{ dossierCode: string; name: string; pages: number }>; shared: unknown[] };
    expect(out.registered.map((d) => `${d.dossierCode}/${d.name}:${d.pages}`).sort()).toEqual(['HS-A/cccd:1', 'HS-B/cccd:1', 'HS-B/phu-luc:1', 'HS-C/don:3']);
    expect(out.shared).toHaveLength(2);

    const run = await b.run();
    expect(run.code, run.stderr).toBe(0);
    const archived = sidecars(b.ws).map((s) => `${s.document.dossierCode}:${s.document.pageCount}:${s.sources.map((x) => x.sha256.slice(0, 8)).join('+')}`);
    const h = (x: Buffer) => sha256(x).slice(0, 8);
    expect(archived.sort()).toEqual(
      [`HS-A:1:${h(cccd)}`, `HS-B:1:${h(cccd)}`, `HS-B:1:${h(other)}`, `HS-C:3:${sidecars(b.ws).find((s) => s.document.dossierCode === 'HS-C')!.sources.map((x) => x.sha256.slice(0, 8)).join('+')}`].sort(),
    );
    const hsC = sidecars(b.ws).find((s) => s.document.dossierCode === 'HS-C')!;
    expect(hsC.sources.map((s) => s.name)).toEqual(['don_p1.png', 'don_p2.png', 'don_p3.png']);
    expect(hsC.sources[1]!.sha256).toBe(sha256(other));
    // Stored once each: 4 distinct contents among 6 files.
    const stored = allFiles(path.join(b.ws, 'originals', 'sha256')).filter((f) => !path.basename(f).startsWith('.'));
    expect(stored).toHaveLength(4);
    expect(readdirSync(path.join(b.ws, 'originals', 'sha256', sha256(cccd).slice(0, 2)))).toContain(sha256(cccd).slice(2));
  });

  it('migrates a catalog whose ingest set identical bytes aside as duplicates, so the next ingest registers them', () => {
    const ws = tempDir('sohoa-migrate-');
    // A workspace at schema 6, with a row the old ingest marked `duplicate`.
    const db = new Database(path.join(ws, 'catalog.sqlite'));
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of migrations.filter((x) => x.version <= 6)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 'then');
    }
    db.prepare("INSERT INTO inputs (path, sha256, size, status, seen_at) VALUES ('/in/a.png', 'aa', 1, 'registered', 'then')").run();
    db.prepare("INSERT INTO inputs (path, sha256, size, status, duplicate_of, reason, seen_at) VALUES ('/in/b.png', 'aa', 1, 'duplicate', 1, 'duplicate', 'then')").run();
    db.close();
    const catalog = openSqliteCatalog(ws);
    try {
      expect(catalog.schemaVersion()).toBeGreaterThanOrEqual(7);
      expect(catalog.documents.inputs().map((i) => [i.path, i.status, i.duplicateOf])).toEqual([
        ['/in/a.png', 'registered', null],
        ['/in/b.png', 'registered', null],
      ]);
    } finally {
      catalog.close();
    }
  });
});
