import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { copyCatalog, type CopyOptions } from '../../../src/adapters/sql/copy/index.js';
import { parseCatalogUrl } from '../../../src/adapters/sql/copy/endpoints.js';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import { ConfigError, ExitCode } from '../../../src/errors.js';
import { tempDir } from '../../helpers/cli.js';
import { countRows, dumpCatalog } from '../../helpers/catalog-dump.js';
import { cli } from '../../helpers/seed.js';
import { migrations } from '../../../src/adapters/sqlite/migrations/index.js';

const NEWEST = Math.max(...migrations.map((m) => m.version));

const open: SqlCatalog[] = [];
const catalog = (dir = tempDir('sohoa-copy-')) => {
  const c = openSqliteCatalog(dir);
  open.push(c);
  return c;
};
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

const words = (text: string) => text.split(' ').map((w, i) => ({ text: w, confidence: 90 - i, line: 0, bbox: { x0: i * 10, y0: 0, x1: i * 10 + 8, y1: 10 } }));

/**
 * An office's catalog with a bit of everything: units and a mapping, the register, documents with
 * pages, words, a shared input, a second version, a review decision, archived objects with an
 * audit, a rejected loose input and runs.
 */
function seedOffice(c: SqlCatalog, office: string, docs = 7): void {
  const province = c.units.upsert({ code: '84', name: 'Trà Vinh', type: 'Tỉnh', level: 'province', parentCode: null, validFrom: '0000-01-01', validTo: '2025-07-01' }).id;
  const commune = c.units.upsert({ code: `8${office}001`, name: `Xã ${office}`, type: 'Xã', level: 'commune', parentCode: '84', validFrom: '0000-01-01', validTo: '9999-12-31' }).id;
  const merged = c.units.upsert({ code: '86', name: 'Vĩnh Long', type: 'Tỉnh', level: 'province', parentCode: null, validFrom: '2025-07-01', validTo: '9999-12-31' }).id;
  c.units.addMapping({ oldId: province, newId: merged, effective: '2025-07-01' });
  const run = c.runs.start('run', 4242);
  const shared = c.documents.addInput({ path: `/inbox/${office}/shared.png`, sha256: `${office}`.padEnd(64, 'a'), size: 10, mtimeMs: 1, status: 'registered' });
  let previous: number | null = null;
  for (let i = 0; i < docs; i++) {
    const dossier = `${office}-HS-${i % 3}`;
    c.dossiers.put({ code: dossier, procedureCode: 'P1', unitId: commune, unitCode: `8${office}001`, agency: 'UBND', receivedDate: '2022-03-01', resolvedDate: null, componentsDigitized: false, resultDigitized: false });
    const own = c.documents.addInput({ path: `/inbox/${office}/${i}.png`, sha256: `${office}${i}`.padEnd(64, 'b'), size: 10 + i, mtimeMs: i, status: 'registered' });
    const doc = c.documents.createDocument(
      { uid: `${office}-doc-${i}`, dossierCode: dossier, unitCode: `8${office}001`, part: 'ho-so', name: `${i}.png`, version: i === 5 ? 2 : 1, previousId: i === 5 ? previous : null } as never,
      i % 2 ? [own, shared] : [own],
    );
    if (i === 4) previous = doc.id;
    c.transaction(() => {
      c.documents.savePages(doc.id, [1, 2].map((p) => ({ pageNo: p, width: 100, height: 140, dpi: 300, rotation: 0, skew: 0.5, blank: false, lowDpi: false, text: `quyết định số ${i} trang ${p} ${office}`, confidence: 88.5, wordsPath: null, words: words(`quyết định số ${i}`) })));
      c.documents.advance(doc.id, 'pdf', { pageCount: 2 });
    });
    c.classifications.record(doc.id, { type: 'quyet-dinh', confidence: 0.7, alternatives: [], needsReview: true, metadata: { subject: `về việc ${office} ${i}` } });
    if (i === 1) c.classifications.setReview(doc.id, 'thong-bao', { reviewer: 'an', note: 'n' });
    if (i < 3) {
      c.archive.recordDocument({
        storeUrl: 'file:///archive',
        documentUid: doc.uid,
        object: { key: `${office}/${i}.pdf`, sha256: 'c'.repeat(64), size: 100, verifiedBy: 'sha256', retentionMode: null, retainUntil: null },
        sidecar: { key: `${office}/${i}.json`, sha256: 'd'.repeat(64), size: 10, verifiedBy: 'sha256', retentionMode: null, retainUntil: null },
      } as never);
      c.documents.advance(doc.id, 'archived');
      c.dossiers.markArchived(dossier);
    }
  }
  // A new version whose earlier version has the larger id: previous_id must wait for it.
  c.db.prepare('UPDATE documents SET previous_id = (SELECT id FROM documents WHERE uid = ?) WHERE uid = ?').run(`${office}-doc-6`, `${office}-doc-0`);
  c.documents.addInput({ path: `/inbox/${office}/broken.tif`, sha256: `${office}`.padEnd(64, 'e'), size: 0, mtimeMs: 0, status: 'rejected', reason: 'empty', message: 'empty file' });
  const audit = c.archive.startAudit('file:///archive', 'all');
  c.archive.recordCheck(audit, 'file:///archive', `${office}/0.pdf`, 'ok');
  c.archive.recordCheck(audit, 'file:///archive', `${office}/zz.pdf`, 'unexpected', { key: `${office}/zz.pdf`, status: 'unexpected', expectedSha256: null, actualSha256: 'f'.repeat(64), message: 'not in catalog' } as never);
  c.archive.finishAudit(audit, { checked: 2, ok: 1, missing: 0, corrupt: 0, unexpected: 1, errors: 0 } as never, 'failed');
  c.runs.finish(run, 0, { documents: docs });
}

const copy = (from: SqlCatalog, to: SqlCatalog, o: CopyOptions = {}) => copyCatalog(from.db, to.db, { batchSize: 2, targetSearch: to.search, ...o });

describe('catalog copy (SQLite → SQLite)', () => {
  it('copies every table with ids remapped, and a second copy adds nothing', () => {
    const src = catalog();
    seedOffice(src, '1');
    const dst = catalog();
    const first = copy(src, dst);
    expect(dumpCatalog(dst.db)).toEqual(dumpCatalog(src.db));
    const counts = countRows(src.db);
    expect(counts.documents).toBe(7);
    expect(counts.page_words).toBeGreaterThan(0);
    expect(counts.fixity_findings).toBe(1); // ok checks leave no finding
    for (const [table, c] of Object.entries(first.tables)) expect(c.copied + c.existing + c.updated, table).toBeGreaterThan(0);
    expect(first.tables.documents).toEqual({ copied: 7, existing: 0, updated: 0 });
    expect(first.tables.inputs.copied).toBe(counts.inputs);
    expect(first.unfinished).toBe(4);

    const again = copy(src, dst);
    for (const [table, c] of Object.entries(again.tables)) expect(c.copied, table).toBe(0);
    expect(again.tables.documents.existing).toBe(7);
    expect(again.tables.dossiers.existing).toBe(counts.dossiers);
    expect(dumpCatalog(dst.db)).toEqual(dumpCatalog(src.db));
  });

  it('indexes copied documents in the target search', () => {
    const src = catalog();
    seedOffice(src, '1');
    const dst = catalog();
    expect(copy(src, dst).searchIndexed).toBe(7);
    const hits = dst.search.search({ text: 'quyet dinh', dossier: '1-HS-2' });
    expect(hits.map((h) => h.uid).sort()).toEqual(['1-doc-2', '1-doc-5']);
    expect(dst.search.search({ text: 've viec 1 3' }).map((h) => h.uid)).toContain('1-doc-3');
  });

  it('joins a province that already holds another office and its register: ids differ, nothing is mixed up', () => {
    const province = catalog();
    seedOffice(province, '2', 5);
    // The province imported the register: it knows office 1's dossier, not digitized yet.
    province.dossiers.put({ code: '1-HS-0', procedureCode: 'P1', unitId: province.units.all()[0]!.id, unitCode: '81001', agency: 'UBND', receivedDate: '2022-03-01', resolvedDate: null, componentsDigitized: false, resultDigitized: false });
    const before = dumpCatalog(province.db);
    const src = catalog();
    seedOffice(src, '1');
    const res = copy(src, province);
    expect(res.tables.dossiers.updated).toBe(1);
    expect(res.tables.units.existing).toBe(2); // 84 and 86; the commune is new
    expect(res.tables.units.copied).toBe(1);
    const after = dumpCatalog(province.db);
    const want = dumpCatalog(src.db);
    for (const table of Object.keys(want)) {
      if (table === 'dossiers' || table === 'units' || table === 'unit_map') continue;
      expect(after[table], table).toEqual(expect.arrayContaining([...before[table]!, ...want[table]!]));
      expect(after[table]!.length, table).toBe(before[table]!.length + want[table]!.length);
    }
    expect(province.dossiers.get('1-HS-0')).toMatchObject({ code: '1-HS-0' });
    const flags = province.db.prepare(`SELECT sohoa_archived FROM dossiers WHERE code = '1-HS-0'`).pluck().get();
    expect(flags).toBe(1);
  });

  it('an interruption after any batch leaves whole documents, and the next copy completes it', () => {
    const src = catalog();
    seedOffice(src, '1');
    const want = dumpCatalog(src.db);
    const total = copy(src, catalog()).batches;
    expect(total).toBeGreaterThan(8);
    for (let k = 1; k <= total; k++) {
      const dst = catalog();
      const boom = new Error(`killed in batch ${k}`);
      expect(() => copy(src, dst, { onBatch: (_step, n) => { if (n === k) throw boom; } })).toThrow(boom);
      // Whole units only: every document in the target has all of its pages, words and events.
      const partial = dumpCatalog(dst.db);
      const uids = dst.db.prepare('SELECT uid FROM documents').pluck().all() as string[];
      for (const table of ['pages', 'page_words', 'document_events', 'document_inputs'] as const) {
        const mine = (rows: string[]) => rows.filter((r) => uids.some((u) => r.includes(`"${u}"`) || r.startsWith(`${u} `)));
        expect(mine(partial[table]!), `${table} after batch ${k}`).toEqual(mine(want[table]!));
      }
      copy(src, dst);
      expect(dumpCatalog(dst.db), `interrupted in batch ${k}`).toEqual(want);
    }
  });

  it('refuses catalogs at different schema versions (exit 3, naming both)', () => {
    const src = catalog();
    const dst = catalog();
    dst.db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01')`).run();
    const err = (() => {
      try {
        copy(src, dst);
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.exitCode).toBe(ExitCode.Config);
    expect(err!.message).toMatch(new RegExp(`schema version ${NEWEST} .* 99`));
  });

  it('refuses a password in a catalog URL (exit 3) and reads sqlite: paths', () => {
    expect(() => parseCatalogUrl('postgres://sohoa:secret@db/sohoa', '--to')).toThrow(/carries a password/);
    try {
      parseCatalogUrl('postgres://sohoa:secret@db/sohoa', '--to');
    } catch (e) {
      expect((e as ConfigError).exitCode).toBe(ExitCode.Config);
      expect((e as Error).message).not.toContain('secret');
    }
    expect(parseCatalogUrl('postgres://sohoa@db:5432/sohoa', '--to')).toEqual({ kind: 'postgres', where: 'postgres://sohoa@db:5432/sohoa' });
    const dir = tempDir();
    expect(parseCatalogUrl(`sqlite:${dir}`, '--from').where).toBe(path.join(dir, 'catalog.sqlite'));
    expect(() => parseCatalogUrl('mysql://x', '--from')).toThrow(/sqlite:PATH or postgres/);
  });

  it('runs as `sohoa catalog copy`: counts per table as data, a table and warnings as text', async () => {
    const from = tempDir();
    const src = catalog(from);
    seedOffice(src, '1');
    src.close();
    const to = path.join(tempDir(), 'province.sqlite');
    const json = await cli(['catalog', 'copy', '--from', `sqlite:${from}`, '--to', `sqlite:${to}`, '--json', '--batch', '3']);
    expect(json.code, json.stderr).toBe(0);
    const data = JSON.parse(json.stdout);
    expect(data).toMatchObject({ from: path.join(from, 'catalog.sqlite'), to, schemaVersion: NEWEST, searchIndexed: 7, unfinished: 4 });
    expect(data.tables.documents).toEqual({ copied: 7, existing: 0, updated: 0 });
    expect(json.stderr).toMatch(/4 document\(s\) are not archived yet/);
    const text = await cli(['catalog', 'copy', '--from', `sqlite:${from}`, '--to', `sqlite:${to}`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^documents\s+0\s+7\s+0$/m);
    const same = await cli(['catalog', 'copy', '--from', `sqlite:${from}`, '--to', `sqlite:${path.join(from, 'catalog.sqlite')}`]);
    expect(same.code).toBe(ExitCode.Usage);
    expect(same.stderr).toMatch(/same catalog/);
  });
});
