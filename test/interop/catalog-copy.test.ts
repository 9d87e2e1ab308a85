import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgMigrations } from '../../src/adapters/postgres/migrations/index.js';
import { PgDb } from '../../src/adapters/postgres/db.js';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { SqliteDb } from '../../src/adapters/sqlite/open.js';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { dumpCatalog } from '../helpers/catalog-dump.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';

interface Counts {
  copied: number;
  existing: number;
  updated: number;
}

/**
 * An office's catalog made by the real CLI (the demo, plus a fixity audit) joins a real PostgreSQL:
 * every table arrives with its ids remapped, psql reads it, a second copy adds nothing, a copy
 * SIGKILLed halfway and run again ends where an uninterrupted one does, and the report's figures
 * are the same on both catalogs.
 */
describe.runIf(requirePostgres())('sohoa catalog copy into PostgreSQL', () => {
  let server: PgServer;
  let workspace: string;
  let source: SqliteDb;
  const dbs: PgDb[] = [];

  const client = async (url: string) => {
    const u = new URL(url);
    const c = new pg.Client({ host: u.hostname, port: Number(u.port), user: u.username, database: u.pathname.slice(1), password: server.password });
    await c.connect();
    return c;
  };
  /** A fresh database migrated as `sohoa catalog migrate` does it. */
  const migratedDatabase = async () => {
    const url = await server.createDatabase();
    migrate(pgDb(url), pgMigrations, url);
    return url;
  };
  const pgDb = (url: string) => {
    const db = new PgDb({ url, applicationName: 'sohoa test', connectTimeoutMs: 5000, queryTimeoutMs: 60000 }, url);
    dbs.push(db);
    return db;
  };
  const copy = (url: string, extra: string[] = []) => runCli(['catalog', 'copy', '--from', `sqlite:${workspace}`, '--to', url, '--json', ...extra], { env: server.env() });
  const tables = (stdout: string) => (JSON.parse(stdout) as { tables: Record<string, Counts> }).tables;

  beforeAll(async () => {
    server = (await startPostgres())!;
    // The in-process PgDb's connection thread reads the password as node-postgres does.
    process.env.PGPASSWORD = server.password;
    const dir = tempDir('sohoa-copy-');
    const demo = await runCli(['demo', '--dir', path.join(dir, 'demo'), '--json']);
    expect(demo.code, demo.stderr).toBe(0);
    workspace = path.join(dir, 'demo', 'workspace');
    const fixity = await runCli(['fixity', '--workspace', workspace, '--archive', `file://${path.join(dir, 'demo', 'archive')}`]);
    expect(fixity.code, fixity.stderr).toBe(0);
    source = new SqliteDb(new Database(path.join(workspace, 'catalog.sqlite'), { readonly: true }));
  }, 300_000);

  afterAll(async () => {
    for (const db of dbs) db.close();
    source?.close();
    await server?.close();
  });

  it('copies every table, psql reads it, a second copy adds nothing, and the report is the same', async () => {
    const url = await migratedDatabase();
    const first = await copy(url);
    expect(first.code, first.stderr).toBe(0);
    const want = dumpCatalog(source);
    expect(want.documents!.length).toBeGreaterThan(0);
    expect(want.fixity_audits!.length).toBe(1);
    for (const [table, c] of Object.entries(tables(first.stdout))) expect(c.copied, table).toBe(want[table]!.length);
    const target = pgDb(url);
    expect(dumpCatalog(target)).toEqual(want);

    const uids = source.prepare('SELECT uid FROM documents ORDER BY uid').pluck().all() as string[];
    expect(await server.psql(url, 'SELECT uid FROM documents ORDER BY uid')).toBe(uids.join('\n'));
    expect(await server.psql(url, "SELECT count(*) FROM pages p JOIN documents d ON d.id = p.document_id WHERE p.text LIKE '%Trà Vinh%'")).toMatch(/^[1-9]\d*$/);

    const second = await copy(url);
    expect(second.code, second.stderr).toBe(0);
    for (const [table, c] of Object.entries(tables(second.stdout))) {
      expect(c.copied, table).toBe(0);
      expect(c.existing + c.updated, table).toBe(want[table]!.length);
    }
    expect(JSON.parse(first.stdout).searchIndexed).toBe(want.documents!.length);
    expect(JSON.parse(second.stdout).searchIndexed).toBe(0);
    expect(dumpCatalog(target)).toEqual(want);

    // The province's report and search see what the office's catalog sees.
    const onPg = { ...server.env(), SOHOA_CATALOG_URL: url };
    const report = async (env: NodeJS.ProcessEnv) => {
      const r = await runCli(['--workspace', workspace, 'report', '--format', 'json'], { env });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout, (k, v) => (k === 'generatedAt' ? undefined : v)) as { total: { received: number; archived: number } };
    };
    const [office, province] = [await report({}), await report(onPg)];
    expect(province).toEqual(office);
    expect(province.total.received).toBe(want.dossiers!.length);
    expect(province.total.archived).toBeGreaterThan(0);
    const search = async (env: NodeJS.ProcessEnv) => {
      const r = await runCli(['--workspace', workspace, 'search', 'giay chung nhan', '--json'], { env });
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { hits: Array<{ uid: string }> }).hits.map((h) => h.uid).sort();
    };
    const hits = await search({});
    expect(hits.length).toBeGreaterThan(0);
    expect(await search(onPg)).toEqual(hits);
  });

  it('a copy SIGKILLed halfway and run again ends where an uninterrupted copy ends', async () => {
    const whole = await migratedDatabase();
    expect((await copy(whole)).code).toBe(0);
    const url = await migratedDatabase();
    // Another session holds the 5th document's uid in an open transaction: the copy (2 documents a
    // batch) commits its first two document batches, then waits on the third, where it is killed.
    const uid = source.prepare('SELECT uid FROM documents ORDER BY id LIMIT 1 OFFSET 4').pluck().get() as string;
    const blocker = await client(url);
    await blocker.query('BEGIN');
    await blocker.query(`INSERT INTO documents (uid, name, created_at, updated_at) VALUES ($1, 'blocker', 'x', 'x')`, [uid]);
    const child = spawn(process.execPath, [BIN, 'catalog', 'copy', '--from', `sqlite:${workspace}`, '--to', url, '--batch', '2'], {
      cwd: ROOT,
      env: { ...process.env, ...server.env(), SOHOA_LANG: 'en' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Not the blocker: inside its transaction pg_stat_activity is a snapshot taken once.
    const watcher = await client(url);
    try {
      for (let i = 0; ; i++) {
        const waiting = await watcher.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'sohoa catalog copy' AND wait_event_type = 'Lock'`);
        if (waiting.rows[0].n === 1) break;
        if (i > 600 || child.exitCode !== null) throw new Error(`the copy never reached the held document: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await server.psql(url, 'SELECT count(*) FROM documents')).toBe('4');
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      child.kill('SIGKILL');
      await watcher.end();
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    const again = await copy(url);
    expect(again.code, again.stderr).toBe(0);
    expect(tables(again.stdout).documents).toEqual({ copied: 2, existing: 4, updated: 0 });
    expect(dumpCatalog(pgDb(url))).toEqual(dumpCatalog(pgDb(whole)));
    expect(dumpCatalog(pgDb(url))).toEqual(dumpCatalog(source));
    // Search rows went with their batches too: as many as after the uninterrupted copy, none twice.
    const searchRows = 'SELECT d.uid, r.page_no FROM search_rows r JOIN documents d ON d.id = r.document_id ORDER BY 1, 2';
    expect(await server.psql(url, searchRows)).toBe(await server.psql(whole, searchRows));
  });

  it('refuses a password in the URL and a target at another schema version (exit 3, naming both)', async () => {
    const url = await server.createDatabase();
    const withPassword = url.replace('sohoa@', `sohoa:${server.password}@`);
    const refused = await copy(withPassword);
    expect(refused.code).toBe(3);
    expect(refused.stdout + refused.stderr).not.toContain(server.password);
    const unmigrated = await copy(url);
    expect(unmigrated.code).toBe(3);
    expect(JSON.parse(unmigrated.stdout).error.message).toMatch(new RegExp(`schema version ${Math.max(...pgMigrations.map((m) => m.version))} and the .* catalog 0`));
    expect(await server.psql(url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")).toBe('0');
  });
});
