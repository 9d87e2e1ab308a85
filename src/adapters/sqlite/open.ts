import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, StorageError } from '../../errors.js';
import { indexForm, tagTokens } from '../../domain/search-text.js';
import { migrations } from './migrations/index.js';
import type { SqlDb, SqlStatement } from '../sql/db.js';

export type Db = Database.Database;

export const CATALOG_FILE = 'catalog.sqlite';

/** better-sqlite3 as the stores' SqlDb; `raw` is for SQLite-only code (FTS5 search, migrations). */
export class SqliteDb implements SqlDb {
  readonly dialect = 'sqlite' as const;

  constructor(readonly raw: Db) {}

  prepare(sql: string): SqlStatement {
    return this.raw.prepare(sql) as unknown as SqlStatement;
  }

  exec(sql: string): void {
    this.raw.exec(sql);
  }

  transaction<T>(fn: () => T): T {
    return this.raw.transaction(fn)();
  }

  get inTransaction(): boolean {
    return this.raw.inTransaction;
  }

  get open(): boolean {
    return this.raw.open;
  }

  close(): void {
    if (this.raw.open) this.raw.close();
  }
}

/** Opens (creating if needed) the catalog in a workspace, in WAL mode, migrated to the latest version. */
export function openDatabase(workspace: string): Db {
  return openDatabaseFile(path.join(workspace, CATALOG_FILE));
}

/** Opens (creating it and its folder if needed) a catalog file (`catalog.url: sqlite:PATH`). */
export function openDatabaseFile(file: string): Db {
  const folder = path.dirname(file);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (err) {
    throw new StorageError(`Cannot create workspace ${folder}: ${(err as Error).message}`, {
      hint: 'Check --workspace and its permissions.',
      key: 'storage.cannotCreateWorkspace',
      params: { workspace: folder, detail: (err as Error).message },
      hintKey: 'storage.workspaceHint',
    });
  }
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw new ConfigError(`Cannot open the catalog ${file}: ${(err as Error).message}`, {
      hint: 'better-sqlite3 must be version 12 on Node 20; run `npm ci` again.',
    });
  }
  db.pragma('journal_mode = WAL');
  // FULL: a stage's result is committed only once it is durable.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -65536'); // 64 MB: bulk imports and reports over a million dossiers
  db.pragma('temp_store = MEMORY');
  // For migrations that rebuild the search index (0010) in SQL.
  db.function('sohoa_fold', { deterministic: true }, (text) => indexForm(String(text)).folded);
  db.function('sohoa_search_tags', { deterministic: true }, (unit, dossier, type) =>
    tagTokens({ unit: unit as string | null, dossier: dossier as string | null, type: type as string | null }).join(' '),
  );
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new ConfigError(`The catalog has schema version ${newest}, newer than this sohoa knows (${known})`, {
      hint: 'Upgrade sohoa, or use another --workspace.',
    });
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
  }
}
