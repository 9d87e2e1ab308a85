import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import { migrations } from '../../../src/adapters/sqlite/migrations/index.js';
import { CATALOG_FILE } from '../../../src/adapters/sqlite/open.js';
import { recordText } from '../../../src/domain/search-text.js';
import { tempDir } from '../../helpers/cli.js';
import { cli, seedOcrDone, validationText } from '../../helpers/seed.js';
import { describeSearchContract } from '../../contract/search-index.js';

describeSearchContract('sqlite', () => openSqliteCatalog(path.join(tempDir('sohoa-search-'), 'ws')));

describe('sohoa search', () => {
  it('reindex backfills a catalog whose pages were recorded before search existed; search prints snippets', async () => {
    const ws = path.join(tempDir('sohoa-search-cli-'), 'ws');
    const catalog = await seedOcrDone(ws, [
      { uid: 'qd', dossier: 'S-1', unit: '29236', pages: [{ text: validationText('quyet-dinh'), confidence: 90 }] },
      { uid: 'bl', dossier: 'S-2', unit: '842', pages: [{ text: validationText('bien-lai'), confidence: 90 }] },
    ]);
    catalog.db.exec('DELETE FROM search_fts; DELETE FROM search_rows;'); // as if made before search
    catalog.close();
    const before = await cli(['--workspace', ws, '--json', 'search', 'quyet dinh']);
    expect(JSON.parse(before.stdout).hits).toEqual([]);

    const re = await cli(['--workspace', ws, '--json', 'search', 'reindex']);
    expect(re.code, re.stderr).toBe(0);
    expect(JSON.parse(re.stdout)).toMatchObject({ documents: 2, pages: 2, rows: 4 });
    expect(JSON.parse(re.stdout).bytes).toBeGreaterThan(0);

    const hit = await cli(['--workspace', ws, 'search', 'quyet', 'dinh']);
    expect(hit.code, hit.stderr).toBe(0);
    expect(hit.stdout).toMatch(/1\. qd .*\n.*«Quyết» «định»|«QUYẾT» «ĐỊNH»/i);
    expect(hit.stdout).toContain('1 document(s) found');

    const filtered = await cli(['--workspace', ws, '--json', 'search', 'quyet dinh', '--unit', '842']);
    expect(JSON.parse(filtered.stdout).hits).toEqual([]);
    const bad = await cli(['--workspace', ws, 'search', 'x', '--from', '01/02/2022']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Expected a date YYYY-MM-DD for --from');
  });
});

describe('sqlite search index: filters inside the index', () => {
  it('follows a document\'s type when a person changes it, for --type', () => {
    const c = openSqliteCatalog(path.join(tempDir('sohoa-search-type-'), 'ws'));
    const d = c.documents.createDocument({ uid: 'qd', dossierCode: 'T-1', unitCode: '842', part: 'ket-qua', name: 'qd.pdf' }, []);
    c.search.indexPages(d.id, [{ pageNo: 1, text: 'Quyết định về việc cấp giấy phép xây dựng' }]);
    c.search.indexRecord(d.id, 'qd.pdf');
    expect(c.search.search({ text: 'giay phep', type: 'quyet-dinh' })).toEqual([]);
    c.classifications.setReview(d.id, 'quyet-dinh');
    c.search.indexRecord(d.id, recordText({ name: 'qd.pdf', dossierCode: 'T-1', type: 'quyet-dinh', metadata: null }));
    const hits = c.search.search({ text: 'giay phep', type: 'quyet-dinh', unit: '842', dossier: 'T-1' });
    expect(hits.map((h) => [h.uid, h.pageNo])).toEqual([['qd', 1]]);
    expect(c.search.search({ text: 'giay phep', type: 'quyet-dinh', unit: '84' })).toEqual([]);
    c.close();
  });

  it('migration 0010 rebuilds an index made by 0009, filters included', () => {
    const ws = path.join(tempDir('sohoa-search-0009-'), 'ws');
    mkdirSync(ws, { recursive: true });
    const db = new Database(path.join(ws, CATALOG_FILE));
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of migrations.filter((x) => x.version <= 9)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 'then');
    }
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO documents (id, uid, dossier_code, unit_code, part, name, stage, status, created_at, updated_at)
                VALUES (7, 'old', 'O-1', '29236', 'ho-so', 'old.pdf', 'pdf', 'pending', ?, ?)`).run(now, now);
    db.prepare('INSERT INTO search_rows (id, document_id, page_no, text) VALUES (1, 7, 1, ?)').run('Đơn đề nghị cấp giấy chứng nhận');
    db.prepare('INSERT INTO search_fts (rowid, exact, folded) VALUES (1, ?, ?)').run('Đơn đề nghị cấp giấy chứng nhận', 'don de nghi cap giay chung nhan');
    db.close();

    const c = openSqliteCatalog(ws);
    expect(c.search.search({ text: 'de nghi', unit: '29236' })).toMatchObject([{ uid: 'old', pageNo: 1, snippet: expect.stringContaining('«đề» «nghị»') }]);
    expect(c.search.search({ text: 'đơn', dossier: 'O-1' })).toMatchObject([{ uid: 'old', exact: true }]);
    expect(c.search.search({ text: 'de nghi', unit: '842' })).toEqual([]);
    c.close();
  });
});
