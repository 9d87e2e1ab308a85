import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDb } from '../../src/adapters/postgres/db.js';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { pgMigrations } from '../../src/adapters/postgres/migrations/index.js';
import { PgSearchIndex } from '../../src/adapters/postgres/search.js';
import { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import { recordText } from '../../src/domain/search-text.js';
import { describeSearchContract } from '../contract/search-index.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';

/** The search contract on a real PostgreSQL, plus what is PostgreSQL's own: tags rewritten in place, rebuild, stats. */
describe.runIf(requirePostgres())('PostgreSQL search', () => {
  let server: PgServer;
  beforeAll(async () => {
    server = (await startPostgres())!;
    // As a deployment gives it: node-postgres reads PGPASSWORD (the connection thread gets this env).
    Object.assign(process.env, server.env());
  }, 120_000);
  afterAll(() => server?.close());

  async function open(): Promise<SqlCatalog> {
    const url = await server.createDatabase();
    const db = new PgDb({ url, applicationName: 'test', connectTimeoutMs: 5000, queryTimeoutMs: 60000 }, url);
    migrate(db, pgMigrations, url);
    return new SqlCatalog(db, new PgSearchIndex(db), url);
  }

  describeSearchContract('postgres', open);

  it('follows a document\'s type when a person changes it, for --type', async () => {
    const c = await open();
    try {
      const d = c.documents.createDocument({ uid: 'qd', dossierCode: 'T-1', unitCode: '842', part: 'ket-qua', name: 'qd.pdf' }, []);
      c.search.indexPages(d.id, [{ pageNo: 1, text: 'Quyết định về việc cấp giấy phép xây dựng' }]);
      c.search.indexRecord(d.id, 'qd.pdf');
      expect(c.search.search({ text: 'giay phep', type: 'quyet-dinh' })).toEqual([]);
      c.classifications.setReview(d.id, 'quyet-dinh');
      c.search.indexRecord(d.id, recordText({ name: 'qd.pdf', dossierCode: 'T-1', type: 'quyet-dinh', metadata: null }));
      const hits = c.search.search({ text: 'giay phep', type: 'quyet-dinh', unit: '842', dossier: 'T-1' });
      expect(hits.map((h) => [h.uid, h.pageNo])).toEqual([['qd', 1]]);
      expect(c.search.search({ text: 'giay phep', type: 'quyet-dinh', unit: '84' })).toEqual([]);
      // The old type's tag is gone from the page's words, not only added to.
      expect(c.db.prepare("SELECT count(*) FROM search_rows WHERE folded_words @@ ?::tsquery").pluck().get(`'#t${Buffer.from('quyet-dinh').toString('hex')}'`)).toBe(2);
    } finally {
      c.close();
    }
  });

  it('splits words as the query does: "D-5", "scan.pdf" and an e-mail are words apart', async () => {
    const c = await open();
    try {
      const d = c.documents.createDocument({ uid: 'w', dossierCode: 'HS-9', unitCode: '842', part: 'ho-so', name: 'w.pdf' }, []);
      c.search.indexRecord(d.id, 'scan-001.pdf\nHS-9\nlien.he@tra-vinh.gov.vn');
      for (const text of ['scan 001', 'pdf', 'hs 9', 'tra vinh', 'lien he']) expect(c.search.search({ text }).map((h) => h.uid), text).toEqual(['w']);
    } finally {
      c.close();
    }
  });

  it('bounds by the dossier\'s received date (else the document\'s own), and leaves the session\'s planner settings alone', async () => {
    const c = await open();
    try {
      c.db.prepare("INSERT INTO dossiers (code, unit_code, received_date) VALUES ('H-1', '842', '2024-03-05')").run();
      const old = c.documents.createDocument({ uid: 'old', dossierCode: 'H-1', unitCode: '842', part: 'ho-so', name: 'old.pdf' }, []);
      const fresh = c.documents.createDocument({ uid: 'new', dossierCode: 'H-2', unitCode: '842', part: 'ho-so', name: 'new.pdf' }, []);
      for (const d of [old, fresh]) c.search.indexPages(d.id, [{ pageNo: 1, text: 'Giấy khai sinh' }]);
      const uids = (from?: string, to?: string) => c.search.search({ text: 'khai sinh', from, to }).map((h) => h.uid).sort();
      expect(uids()).toEqual(['new', 'old']);
      expect(uids('2024-03-05', '2024-03-05')).toEqual(['old']);
      expect(uids(undefined, '2024-03-04')).toEqual([]);
      expect(uids(new Date().toISOString().slice(0, 10))).toEqual(['new']);
      const seqscan = () => c.db.prepare('SHOW enable_seqscan').pluck().get();
      expect(seqscan()).toBe('on');
      c.transaction(() => {
        expect(uids()).toEqual(['new', 'old']);
        expect(seqscan()).toBe('on');
      });
    } finally {
      c.close();
    }
  });

  it('rebuilds from the catalog\'s pages and metadata, and counts rows and bytes', async () => {
    const c = await open();
    try {
      const d = c.documents.createDocument({ uid: 'r', dossierCode: 'R-1', unitCode: '29236', part: 'ho-so', name: 'r.pdf' }, []);
      c.db.prepare('INSERT INTO pages (document_id, page_no, text) VALUES (?, 1, ?), (?, 2, ?)').run(d.id, 'Giấy chứng nhận quyền sử dụng đất', d.id, '   ');
      expect(c.search.search({ text: 'chung nhan' })).toEqual([]);
      expect(c.search.rebuild()).toEqual({ documents: 1, pages: 2 }); // the blank page is read, not indexed
      expect(c.search.search({ text: 'chứng nhận', unit: '29236' })).toMatchObject([{ uid: 'r', pageNo: 1, exact: true, snippet: expect.stringContaining('«chứng» «nhận»') }]);
      expect(c.search.search({ text: 'R-1' })).toMatchObject([{ uid: 'r', pageNo: null }]);
      const s = c.search.stats();
      expect(s).toMatchObject({ rows: 2, documents: 1 });
      expect(s.bytes).toBeGreaterThan(0);
    } finally {
      c.close();
    }
  });
});
