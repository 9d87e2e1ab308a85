import { PgDb } from '../../src/adapters/postgres/db.js';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { pgMigrations } from '../../src/adapters/postgres/migrations/index.js';
import { PgSearchIndex } from '../../src/adapters/postgres/search.js';
import { SqlCatalog } from '../../src/adapters/sql/catalog.js';

/** A catalog on a real PostgreSQL database (migrated), through the synchronous bridge the CLI uses. */
export function openPgCatalog(url: string, password: string, name = 'sohoa-test'): SqlCatalog {
  const db = new PgDb({ url, password, applicationName: name, connectTimeoutMs: 5000, queryTimeoutMs: 30_000 }, url);
  migrate(db, pgMigrations, url);
  return new SqlCatalog(db, new PgSearchIndex(db), url);
}
