import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, UsageError } from '../../../errors.js';
import type { SearchIndex } from '../../../ports/search-index.js';
import { checkedPostgresUrl } from '../../postgres/catalog.js';
import { PgDb } from '../../postgres/db.js';
import { PgSearchIndex } from '../../postgres/search.js';
import { openSqliteCatalogFile } from '../../sqlite/catalog.js';
import { CATALOG_FILE, SqliteDb } from '../../sqlite/open.js';
import type { SqlDb } from '../db.js';

/** One end of a copy: its connection, its search index when it has one, and its name for messages. */
export interface CopyEndpoint {
  db: SqlDb;
  search?: SearchIndex;
  /** The URL without a password, or the SQLite file. */
  name: string;
  close(): void;
}

import { parseCatalogUrl } from '../../open-catalog.js';
export { parseCatalogUrl } from '../../open-catalog.js';
type Parsed = ReturnType<typeof parseCatalogUrl>;

/**
 * The source, read-only: a copy never changes the office's catalog, and is not allowed to migrate
 * it either (its schema version is what the target must match).
 */
export function openSource(p: Parsed, passwordFile?: string): CopyEndpoint {
  if (p.kind === 'postgres') return { ...openPostgres(p.where, passwordFile), search: undefined };
  if (!existsSync(p.where)) {
    throw new ConfigError(`No catalog at ${p.where}`, { hint: 'Give --from sqlite:PATH to the workspace folder or its catalog.sqlite.', key: 'catalogCopy.noSource', params: { file: p.where }, hintKey: 'catalogCopy.noSourceHint' });
  }
  const raw = new Database(p.where, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 10000');
  const db = new SqliteDb(raw);
  return { db, name: p.where, close: () => db.close() };
}

/** The target, migrated as any command migrates a SQLite catalog; a PostgreSQL one is migrated by `sohoa catalog migrate`. */
export function openTarget(p: Parsed, passwordFile?: string): CopyEndpoint {
  if (p.kind === 'postgres') return openPostgres(p.where, passwordFile);
  const catalog = openSqliteCatalogFile(p.where);
  return { db: catalog.db, search: catalog.search, name: p.where, close: () => catalog.close() };
}

/**
 * A PostgreSQL end without openPostgresCatalog's schema check: the copy compares the two
 * catalogs' versions itself, to name both when they differ.
 */
function openPostgres(url: string, passwordFile?: string): CopyEndpoint {
  let password: string | undefined;
  if (passwordFile) {
    try {
      password = readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new ConfigError(`Cannot read catalog.passwordFile ${passwordFile}: ${(err as Error).message}`, { file: passwordFile });
    }
  }
  const clean = checkedPostgresUrl(url);
  const db = new PgDb({ url: clean, password, applicationName: 'sohoa catalog copy', connectTimeoutMs: 10_000, queryTimeoutMs: 600_000 }, clean);
  return { db, search: new PgSearchIndex(db), name: clean, close: () => db.close() };
}
