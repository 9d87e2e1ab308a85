import { PgDb } from '../../src/adapters/postgres/db.js';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { pgMigrations } from '../../src/adapters/postgres/migrations/index.js';
import { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import type { SearchIndex } from '../../src/ports/search-index.js';

/** Search is not what these tests are about (and PostgreSQL search lives on its own branch): it indexes nothing. */
const noSearch: SearchIndex = {
  indexPages: () => undefined,
  indexRecord: () => undefined,
  removeDocument: () => undefined,
  search: () => [],
  rebuild: () => ({ documents: 0, pages: 0 }),
  stats: () => ({}) as ReturnType<SearchIndex['stats']>,
};

/** A catalog on a real PostgreSQL database (migrated), through the synchronous bridge the CLI uses. */
export function openPgCatalog(url: string, password: string, name = 'sohoa-test'): SqlCatalog {
  const db = new PgDb({ url, password, applicationName: name, connectTimeoutMs: 5000, queryTimeoutMs: 30_000 }, url);
  migrate(db, pgMigrations, url);
  return new SqlCatalog(db, noSearch, url);
}
