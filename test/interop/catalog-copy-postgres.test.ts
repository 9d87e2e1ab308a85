import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDb } from '../../src/adapters/postgres/db.js';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { pgMigrations } from '../../src/adapters/postgres/migrations/index.js';
import { COPIED_TABLES } from '../../src/adapters/sql/copy/context.js';
import { copyCatalog } from '../../src/adapters/sql/copy/index.js';
import { PgSearchIndex } from '../../src/adapters/postgres/search.js';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { countRows, dumpCatalog } from '../helpers/catalog-dump.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';

interface Counts {
  copied: number;
  existing: number;
  updated: number;
}

/**
 * A province's catalog moves to a new PostgreSQL server: `catalog copy` from one PostgreSQL
 * database to another (two databases of one real cluster here). The source was filled the way a
 * province fills it: an office's catalog copied in, then a review decision on an archived document
 * made against PostgreSQL itself (its events, review row and new sidecar version are
 * PostgreSQL-born). Everything arrives, a second copy adds nothing, and search, the report and
 * `documents show` read the same on both. A source its workers still use is refused (exit 11)
 * rather than copied while it changes, and the source is read in one snapshot.
 */
describe.runIf(requirePostgres())('sohoa catalog copy from PostgreSQL to PostgreSQL', () => {
  let server: PgServer;
  let dir: string;
  let workspace: string;
  let archive: string;
  let source: string;
  let reviewed: { uid: string; type: string };
  const dbs: PgDb[] = [];

  const pgDb = (url: string) => {
    const db = new PgDb({ url, applicationName: 'sohoa test', connectTimeoutMs: 5000, queryTimeoutMs: 60000 }, url);
    dbs.push(db);
    return db;
  };
  const migratedDatabase = async () => {
    const url = await server.createDatabase();
    migrate(pgDb(url), pgMigrations, url);
    return url;
  };
  const onCatalog = (url: string, args: string[]) =>
    runCli(['--workspace', path.join(dir, 'province'), '--archive', archive, ...args], { env: { ...server.env(), SOHOA_CATALOG_URL: url } });
  const copy = (from: string, to: string) => runCli(['catalog', 'copy', '--from', from, '--to', to, '--json'], { env: server.env() });
  const tables = (stdout: string) => (JSON.parse(stdout) as { tables: Record<string, Counts> }).tables;

  beforeAll(async () => {
    server = (await startPostgres())!;
    process.env.PGPASSWORD = server.password;
    dir = tempDir('sohoa-copy-pg-');
    const demo = await runCli(['demo', '--dir', path.join(dir, 'demo'), '--json']);
    expect(demo.code, demo.stderr).toBe(0);
    workspace = path.join(dir, 'demo', 'workspace');
    archive = `file://${path.join(dir, 'demo', 'archive')}`;
    expect((await runCli(['fixity', '--workspace', workspace, '--archive', archive])).code).toBe(0);

    source = await migratedDatabase();
    const joined = await copy(`sqlite:${workspace}`, source);
    expect(joined.code, joined.stderr).toBe(0);
    // A decision made on the province's catalog: a new sidecar version, recorded in PostgreSQL.
    const db = pgDb(source);
    const doc = db.prepare(`SELECT uid, doc_type FROM documents WHERE stage = 'archived' AND doc_type IS NOT NULL ORDER BY uid LIMIT 1`).get() as { uid: string; doc_type: string };
    reviewed = { uid: doc.uid, type: doc.doc_type === 'giay-xac-nhan' ? 'don-de-nghi' : 'giay-xac-nhan' };
    const set = await onCatalog(source, ['review', 'set', reviewed.uid, reviewed.type, '--reviewer', 'Văn thư', '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect((JSON.parse(set.stdout) as { sidecar?: { version: number } }).sidecar?.version).toBe(2);
  }, 300_000);

  afterAll(async () => {
    for (const db of dbs) db.close();
    await server?.close();
  });

  it('copies every table, a second copy adds nothing, and search, report and documents show agree', async () => {
    const target = await migratedDatabase();
    const src = pgDb(source);
    const want = dumpCatalog(src);
    expect(want.classification_reviews!.length).toBeGreaterThan(0);
    expect(want.archived_objects!.some((o) => o.includes('.v2.json'))).toBe(true);

    const first = await copy(source, target);
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as { from: string; to: string; searchIndexed: number; unfinished: number };
    expect(out.from).toBe(source);
    expect(out.to).toBe(target);
    for (const [table, c] of Object.entries(tables(first.stdout))) expect(c, table).toEqual({ copied: want[table]!.length, existing: 0, updated: 0 });
    expect(Object.keys(tables(first.stdout)).sort()).toEqual([...COPIED_TABLES].sort());
    expect(out.searchIndexed).toBe(want.documents!.length);

    // Rows per table, counted by the real psql on both databases; then every row, ids read through their natural keys.
    for (const table of COPIED_TABLES) {
      expect(await server.psql(target, `SELECT count(*) FROM ${table}`), table).toBe(await server.psql(source, `SELECT count(*) FROM ${table}`));
    }
    const dst = pgDb(target);
    expect(dumpCatalog(dst)).toEqual(want);
    for (const natural of [
      'SELECT uid FROM documents ORDER BY uid',
      'SELECT code FROM dossiers ORDER BY code',
      'SELECT path || sha256 FROM inputs ORDER BY 1',
      'SELECT key || version FROM archived_objects ORDER BY key',
      `SELECT d.uid || r.doc_type || r.reviewer FROM classification_reviews r JOIN documents d ON d.id = r.document_id ORDER BY 1`,
    ]) {
      expect(await server.psql(target, natural), natural).toBe(await server.psql(source, natural));
    }
    expect(await server.psql(target, `SELECT doc_type FROM documents WHERE uid = '${reviewed.uid}'`)).toBe(reviewed.type);

    const second = await copy(source, target);
    expect(second.code, second.stderr).toBe(0);
    for (const [table, c] of Object.entries(tables(second.stdout))) expect(c.copied, table).toBe(0);
    expect(JSON.parse(second.stdout).searchIndexed).toBe(0);
    expect(countRows(dst)).toEqual(countRows(src));
    expect(dumpCatalog(dst)).toEqual(want);

    // Search (PostgreSQL's word lists on both), the report and a document's history read the same.
    const search = async (url: string, words: string) => {
      const r = await onCatalog(url, ['search', words, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { hits: Array<{ uid: string }> }).hits.map((h) => h.uid).sort();
    };
    for (const words of ['giay chung nhan', 'Trà Vinh', reviewed.type.replace(/-/g, ' ')]) {
      const hits = await search(source, words);
      expect(hits.length, words).toBeGreaterThan(0);
      expect(await search(target, words), words).toEqual(hits);
    }
    const report = async (url: string) => {
      const r = await onCatalog(url, ['report', '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout, (k, v) => (k === 'generatedAt' ? undefined : v)) as unknown;
    };
    expect(await report(target)).toEqual(await report(source));
    const show = async (url: string) => {
      const r = await onCatalog(url, ['documents', 'show', reviewed.uid, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout, (k, v) => (k === 'id' || k === 'documentId' || k === 'previousId' ? undefined : v)) as unknown;
    };
    expect(await show(target)).toEqual(await show(source));
  });

  it('refuses a source still in use (a listening worker, a live lease) with exit 11, and copies once it is stopped', async () => {
    const target = await migratedDatabase();
    const worker = spawn(process.execPath, [BIN, '--workspace', path.join(dir, 'worker'), '--archive', archive, '--log-format', 'json', 'worker', '--stages', 'ocr'], {
      cwd: ROOT,
      env: { ...process.env, SOHOA_LANG: 'en', ...server.env(), SOHOA_CATALOG_URL: source, SOHOA_BENCH_OCR: 'noop', SOHOA_CATALOG_POLL_SECONDS: '2' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    worker.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exit = new Promise<number | null>((resolve) => worker.on('close', (code) => resolve(code)));
    try {
      const listening = `SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'sohoa@%:${worker.pid} (listen)'`;
      for (let i = 0; (await server.psql(source, listening)) !== '1'; i++) {
        if (i > 120 || worker.exitCode !== null) throw new Error(`the worker never listened: ${log}`);
        await sleep(500);
      }
      const busy = await copy(source, target);
      expect(busy.code, busy.stderr).toBe(11);
      const error = (JSON.parse(busy.stdout) as { error: { message: string; hint: string } }).error;
      expect(error.message).toContain(`:${worker.pid}`);
      expect(error.hint).toContain('Stop the workers');
      expect(await server.psql(target, 'SELECT count(*) FROM documents')).toBe('0');
      worker.kill('SIGTERM');
      expect(await exit, log.slice(-2000)).toBe(130);
    } finally {
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }

    // A document leased until later (a run or worker in the middle of it) holds the copy back too; an expired lease does not.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await server.psql(source, `INSERT INTO leases (document_id, worker_id, host, pid, claimed_at, expires_at)
      SELECT id, 'may-2:4242:x', 'may-2', 4242, '${new Date().toISOString()}', '${later}' FROM documents WHERE uid = '${reviewed.uid}'`);
    const leased = await copy(source, target);
    expect(leased.code, leased.stderr).toBe(11);
    expect((JSON.parse(leased.stdout) as { error: { message: string } }).error.message).toContain('may-2:4242');
    await server.psql(source, `UPDATE leases SET expires_at = '2020-01-01T00:00:00.000Z'`);

    // An unfinished document is not held back; the warning says its workers finish it from the staged original.
    await server.psql(source, `UPDATE documents SET stage = 'ocr' WHERE uid = '${reviewed.uid}'`);
    const done = await copy(source, target);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout).unfinished).toBe(1);
    expect(done.stderr).toContain('stay pending in the target');
    expect(countRows(pgDb(target))).toEqual(countRows(pgDb(source)));
    expect(await server.psql(target, `SELECT stage FROM documents WHERE uid = '${reviewed.uid}'`)).toBe('ocr');
    // Leases are the source's workers' business: none are copied.
    expect(await server.psql(target, 'SELECT count(*) FROM leases')).toBe('0');
  });

  it('reads the source in one snapshot: a document registered there during the copy is not half copied', async () => {
    const target = await migratedDatabase();
    const src = pgDb(source);
    const writer = pgDb(source);
    const before = countRows(src);
    const dst = pgDb(target);
    let wrote = false;
    const res = copyCatalog(src, dst, {
      targetSearch: new PgSearchIndex(dst),
      batchSize: 2,
      // After the first batch, a desk registers a document with a page on the source (its own connection, committed).
      onBatch: () => {
        if (wrote) return;
        wrote = true;
        writer.transaction(() => {
          const id = writer.prepare(`INSERT INTO documents (uid, name, created_at, updated_at) VALUES ('late-doc', 'late', 'x', 'x') RETURNING id`).pluck().get();
          writer.prepare(`INSERT INTO pages (document_id, page_no, text) VALUES (?, 1, 'muộn')`).run(id);
        });
      },
    });
    expect(wrote).toBe(true);
    expect(res.tables.documents.copied).toBe(before.documents);
    expect(countRows(dst)).toEqual(before);
    expect(await server.psql(target, `SELECT count(*) FROM documents WHERE uid = 'late-doc'`)).toBe('0');
    expect(await server.psql(source, `SELECT count(*) FROM documents WHERE uid = 'late-doc'`)).toBe('1');
    // The snapshot ends with the copy: the next one sees the document.
    expect(copyCatalog(src, dst).tables.documents.copied).toBe(1);
  });
});
