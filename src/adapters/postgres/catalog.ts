import { readFileSync } from 'node:fs';
import { ConfigError } from '../../errors.js';
import { SqlCatalog } from '../sql/catalog.js';
import { PgDb } from './db.js';
import { migrate, requireSchema, type MigrateResult } from './migrate.js';
import { pgMigrations } from './migrations/index.js';
import { PgSearchIndex } from './search.js';

export interface PostgresOptions {
  /** catalog.passwordFile: else PGPASSWORD, else ~/.pgpass. */
  passwordFile?: string;
  /** Shown in pg_stat_activity, so an administrator sees which machine and command holds a connection. */
  applicationName?: string;
  queryTimeoutMs?: number;
}

/** A postgres:// URL checked and stripped of what must not be there (a password). */
export function checkedPostgresUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`The catalog URL is not a URL: ${raw.replace(/:[^:@/]*@/, ':***@')}`, {
      hint: 'Write it as postgres://user@host:port/database.',
    });
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new ConfigError(`The catalog URL ${u.protocol}… is neither sqlite: nor postgres:`, { hint: 'Use sqlite:PATH or postgres://user@host:port/database.' });
  }
  if (u.password) {
    const shown = `${u.protocol}//${u.username}:***@${u.host}${u.pathname}`;
    throw new ConfigError(`The catalog URL ${shown} carries a password`, {
      hint: 'Remove it from the URL; give it in PGPASSWORD, ~/.pgpass or a file named by catalog.passwordFile.',
      key: 'catalog.urlPassword',
      params: { url: shown },
      hintKey: 'catalogCopy.passwordHint',
    });
  }
  return u.toString();
}

function password(opts: PostgresOptions): string | undefined {
  if (!opts.passwordFile) return undefined;
  try {
    return readFileSync(opts.passwordFile, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new ConfigError(`Cannot read catalog.passwordFile ${opts.passwordFile}: ${(err as Error).message}`, {
      hint: 'Check the path and its permissions (it should be readable by this user only).',
      file: opts.passwordFile,
    });
  }
}

function connect(url: string, opts: PostgresOptions): PgDb {
  const clean = checkedPostgresUrl(url);
  return new PgDb(
    {
      url: clean,
      password: password(opts),
      applicationName: opts.applicationName ?? 'sohoa',
      connectTimeoutMs: 10_000,
      queryTimeoutMs: opts.queryTimeoutMs ?? 600_000,
    },
    clean,
  );
}

/** Opens a shared catalog whose schema is exactly this sohoa's (else exit 3: run `sohoa catalog migrate`). */
export function openPostgresCatalog(url: string, opts: PostgresOptions = {}): SqlCatalog {
  const db = connect(url, opts);
  try {
    requireSchema(db, pgMigrations, db.location);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqlCatalog(db, new PgSearchIndex(db), db.location);
}

/** `sohoa catalog migrate` on PostgreSQL. */
export function migratePostgresCatalog(url: string, opts: PostgresOptions = {}): MigrateResult & { location: string } {
  const db = connect(url, opts);
  try {
    return { ...migrate(db, pgMigrations, db.location), location: db.location };
  } finally {
    db.close();
  }
}
