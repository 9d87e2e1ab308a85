import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SqlCatalog } from '../sql/catalog.js';
import { CATALOG_FILE, openDatabaseFile, SqliteDb } from './open.js';
import { SqliteSearchIndex } from './search.js';

/** The embedded catalog of one workspace: `<workspace>/catalog.sqlite`. */
export function openSqliteCatalog(workspace: string): SqlCatalog {
  return openSqliteCatalogFile(path.join(workspace, CATALOG_FILE));
}

/** An embedded catalog at any path (`catalog.url: sqlite:PATH`). */
export function openSqliteCatalogFile(file: string): SqlCatalog {
  const raw = openDatabaseFile(file);
  return new SqlCatalog(new SqliteDb(raw), new SqliteSearchIndex(raw), file);
}

/** `sohoa catalog migrate` on SQLite: opening migrates; this says from which version to which. */
export function migrateSqliteCatalog(file: string): { location: string; from: number; to: number; applied: Array<{ version: number; name: string }> } {
  const before = existsSync(file) ? appliedVersions(file) : [];
  const catalog = openSqliteCatalogFile(file);
  try {
    const after = (catalog.db as SqliteDb).raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as Array<{ version: number; name: string }>;
    const from = Math.max(0, ...before);
    return { location: file, from, to: catalog.schemaVersion(), applied: after.filter((m) => !before.includes(m.version)) };
  } finally {
    catalog.close();
  }
}

function appliedVersions(file: string): number[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'`).get();
    return has ? (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : [];
  } finally {
    db.close();
  }
}
