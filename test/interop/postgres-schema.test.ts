import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgMigrations } from '../../src/adapters/postgres/migrations/index.js';
import { openDatabase, type Db } from '../../src/adapters/sqlite/open.js';
import { tempDir } from '../helpers/cli.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';

/** SQLite's FTS5 tables, which PostgreSQL has no use for: its search words live in search_rows (see migrations/search.ts). */
const SEARCH_LEFT_OUT = ['search_fts', 'search_fts_config', 'search_fts_data', 'search_fts_docsize', 'search_fts_idx'];
/**
 * PostgreSQL-only columns and indexes: document_events.seq stands in for SQLite's implicit rowid (insertion
 * order); search_rows' word lists and their GIN indexes stand in for search_fts.
 */
const PG_ONLY: Record<string, string[]> = { document_events: ['seq'], search_rows: ['exact_words', 'folded_words'] };
const PG_ONLY_INDEXES = ['search_rows_exact', 'search_rows_folded'];

interface Column {
  name: string;
  /** SQLite's type affinity; a PostgreSQL type maps to it (INTEGER ← integer/bigint, REAL ← double precision). */
  type: string;
  notNull: boolean;
  default: string | null;
}
interface Schema {
  columns: Record<string, Column[]>;
  primaryKeys: Record<string, string[]>;
  uniques: string[];
  foreignKeys: string[];
  indexes: string[];
  checks: Record<string, number>;
}

// 'register'::text → 'register'; (status = 'review'::text) → status = 'review'
const AFFINITY: Record<string, string> = { integer: 'INTEGER', bigint: 'INTEGER', text: 'TEXT', 'double precision': 'REAL', bytea: 'BLOB' };
const normalize = (s: string | null) => (s === null ? null : s.replace(/::[a-z ]+/g, '').replace(/[()]/g, '').replace(/\s+/g, ' ').trim());

function sqliteSchema(db: Db): Schema {
  const tables = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'").all() as Array<{
    name: string;
    sql: string;
  }>).filter((t) => !SEARCH_LEFT_OUT.includes(t.name));
  const s: Schema = { columns: {}, primaryKeys: {}, uniques: [], foreignKeys: [], indexes: [], checks: {} };
  for (const { name, sql } of tables) {
    const cols = db.pragma(`table_info(${name})`) as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>;
    s.columns[name] = cols.map((c) => ({ name: c.name, type: c.type.toUpperCase(), notNull: c.notnull === 1 || c.pk > 0, default: normalize(c.dflt_value) }));
    s.primaryKeys[name] = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    s.checks[name] = (sql.match(/CHECK\s*\(/gi) ?? []).length;
    const fks = db.pragma(`foreign_key_list(${name})`) as Array<{ id: number; table: string; from: string; to: string }>;
    for (const id of new Set(fks.map((f) => f.id))) {
      const parts = fks.filter((f) => f.id === id);
      s.foreignKeys.push(`${name}(${parts.map((f) => f.from)}) -> ${parts[0]!.table}(${parts.map((f) => f.to)})`);
    }
    for (const ix of db.pragma(`index_list(${name})`) as Array<{ name: string; origin: string; partial: number }>) {
      const cols = (db.pragma(`index_info(${ix.name})`) as Array<{ name: string }>).map((c) => c.name).join(',');
      if (ix.origin === 'u') s.uniques.push(`${name}(${cols})`);
      if (ix.origin !== 'c') continue;
      const indexSql = (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(ix.name) as string) ?? '';
      const where = /\bWHERE\b(.*)$/is.exec(indexSql)?.[1] ?? null;
      s.indexes.push(`${ix.name} ON ${name}(${cols})${where ? ` WHERE ${normalize(where)}` : ''}`);
    }
  }
  return sortLists(s);
}

async function postgresSchema(client: pg.Client): Promise<Schema> {
  const q = async <T>(sql: string) => (await client.query(sql)).rows as T[];
  const s: Schema = { columns: {}, primaryKeys: {}, uniques: [], foreignKeys: [], indexes: [], checks: {} };
  const cols = await q<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  for (const c of cols) {
    if (PG_ONLY[c.table_name]?.includes(c.column_name)) continue;
    (s.columns[c.table_name] ??= []).push({ name: c.column_name, type: AFFINITY[c.data_type] ?? c.data_type, notNull: c.is_nullable === 'NO', default: normalize(c.column_default) });
    s.checks[c.table_name] ??= 0;
  }
  const constraints = await q<{ contype: string; tbl: string; cols: string[]; ref: string | null; refcols: string[] | null }>(
    `SELECT c.contype, t.relname AS tbl,
       ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols,
       r.relname AS ref,
       ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS refcols
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class r ON r.oid = c.confrelid
     WHERE t.relnamespace = current_schema()::regnamespace`,
  );
  for (const c of constraints) {
    if (c.contype === 'p') s.primaryKeys[c.tbl] = c.cols;
    if (c.contype === 'u') s.uniques.push(`${c.tbl}(${c.cols.join(',')})`);
    if (c.contype === 'f') s.foreignKeys.push(`${c.tbl}(${c.cols.join(',')}) -> ${c.ref}(${c.refcols!.join(',')})`);
    if (c.contype === 'c') s.checks[c.tbl] = (s.checks[c.tbl] ?? 0) + 1;
  }
  for (const t of Object.keys(s.columns)) s.primaryKeys[t] ??= [];
  const indexes = await q<{ name: string; tbl: string; cols: string[]; pred: string | null }>(
    `SELECT i.relname AS name, t.relname AS tbl, pg_get_expr(x.indpred, x.indrelid) AS pred,
       ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relnamespace = current_schema()::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
  );
  for (const ix of indexes.filter((i) => !PG_ONLY_INDEXES.includes(i.name))) s.indexes.push(`${ix.name} ON ${ix.tbl}(${ix.cols.join(',')})${ix.pred ? ` WHERE ${normalize(ix.pred)}` : ''}`);
  return sortLists(s);
}

function sortLists(s: Schema): Schema {
  return { ...s, uniques: s.uniques.sort(), foreignKeys: s.foreignKeys.sort(), indexes: s.indexes.sort() };
}

/** The PostgreSQL baseline and a fresh SQLite catalog describe the same tables, so the two engines cannot drift. */
describe.runIf(requirePostgres())('PostgreSQL baseline schema equals the SQLite catalog at version 10', () => {
  let server: PgServer;
  let client: pg.Client;
  let sqlite: Db;
  let sqliteDir: string;

  beforeAll(async () => {
    server = (await startPostgres())!;
    const url = new URL(await server.createDatabase());
    // Fields, not connectionString: pg lets the URL's (absent) password override a `password` option.
    client = new pg.Client({ host: url.hostname, port: Number(url.port), user: url.username, database: url.pathname.slice(1), password: server.password });
    await client.connect();
    await client.query('BEGIN');
    for (const m of pgMigrations) await client.query(m.sql);
    await client.query('COMMIT');
    sqliteDir = tempDir('sohoa-pg-schema-');
    sqlite = openDatabase(sqliteDir);
  });
  afterAll(async () => {
    sqlite?.close();
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
    await client?.end();
    await server?.close();
  });

  it('starts at the SQLite version it mirrors', () => {
    const sqliteVersion = sqlite.prepare('SELECT max(version) FROM schema_migrations').pluck().get();
    expect(pgMigrations.map((m) => m.version)).toEqual([10]);
    expect(sqliteVersion).toBe(10);
  });

  it('leaves out exactly the FTS5 tables, and only those', () => {
    const all = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search%' ORDER BY name").pluck().all();
    expect(all).toEqual([...SEARCH_LEFT_OUT, 'search_rows']);
  });

  it('has the same tables and column names, in order, with the same types, NOT NULLs and defaults', async () => {
    const [lite, post] = [sqliteSchema(sqlite), await postgresSchema(client)];
    expect(Object.keys(post.columns).sort()).toEqual(Object.keys(lite.columns).sort());
    for (const table of Object.keys(lite.columns)) {
      expect(post.columns[table]!.map((c) => c.name), table).toEqual(lite.columns[table]!.map((c) => c.name));
      expect(post.columns[table], table).toEqual(lite.columns[table]);
    }
  });

  it('has the same primary keys, unique constraints, foreign keys, indexes and CHECK counts', async () => {
    const [lite, post] = [sqliteSchema(sqlite), await postgresSchema(client)];
    expect(post.primaryKeys).toEqual(lite.primaryKeys);
    expect(post.uniques).toEqual(lite.uniques);
    expect(post.foreignKeys).toEqual(lite.foreignKeys);
    expect(post.indexes).toEqual(lite.indexes);
    expect(post.checks).toEqual(lite.checks);
  });

  it('refuses the same out-of-range values', async () => {
    const bad = [
      "INSERT INTO units (code, name, level) VALUES ('84', 'Trà Vinh', 'hamlet')",
      "INSERT INTO documents (uid, name, part, created_at, updated_at) VALUES ('u-bad', 'n', 'ho so', 't', 't')",
      "INSERT INTO archived_objects (store_url, key, kind, sha256, size, verified_by, archived_at) VALUES ('s3://a', 'k', 'pdf', 'h', 1, 'v', 't')",
    ];
    for (const sql of bad) {
      expect(() => sqlite.exec(sql), sql).toThrow(/CHECK/);
      await expect(client.query(sql), sql).rejects.toMatchObject({ code: '23514' });
    }
  });

  it('logs document events the same way (triggers), read back in insertion order (rowid / seq)', async () => {
    const steps = [
      "INSERT INTO documents (uid, name, created_at, updated_at) VALUES ('u-1', 'a.pdf', 't0', 't0')",
      "UPDATE documents SET stage = 'ocr', status = 'done', updated_at = 't1' WHERE uid = 'u-1'",
      "UPDATE documents SET status = 'done', updated_at = 't2' WHERE uid = 'u-1'",
      "UPDATE documents SET status = 'review', updated_at = 't3' WHERE uid = 'u-1'",
      "UPDATE documents SET stage = 'pdf', updated_at = 't4' WHERE uid = 'u-1'",
    ];
    for (const sql of steps) {
      sqlite.exec(sql);
      await client.query(sql);
    }
    const read = (order: string) => `SELECT what, at FROM document_events WHERE document_id = (SELECT id FROM documents WHERE uid = 'u-1') ORDER BY ${order}`;
    const lite = sqlite.prepare(read('rowid')).all();
    expect(lite).toEqual([
      { what: 'ingested', at: 't0' },
      { what: 'status done', at: 't1' },
      { what: 'ocr', at: 't1' },
      { what: 'status review', at: 't3' },
      { what: 'pdf', at: 't4' },
    ]);
    expect((await client.query(read('seq'))).rows).toEqual(lite);
  });
});
