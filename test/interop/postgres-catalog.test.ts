import { afterAll, beforeAll, describe } from 'vitest';
import { migratePostgresCatalog, openPostgresCatalog } from '../../src/adapters/postgres/catalog.js';
import { pgMigrations } from '../../src/adapters/postgres/migrations/index.js';
import { migrations } from '../../src/adapters/sqlite/migrations/index.js';
import { describeCatalogContract } from '../contract/catalog.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';

const latest = (list: ReadonlyArray<{ version: number }>) => Math.max(...list.map((m) => m.version));

/** The catalog contract on a real PostgreSQL: the same suite as SQLite's (test/adapters/sql/catalog-contract.test.ts). */
describe.runIf(requirePostgres())('PostgreSQL catalog', () => {
  let server: PgServer;
  beforeAll(async () => {
    server = (await startPostgres())!;
    // The connection thread reads PGPASSWORD when it connects, as a deployment gives it.
    Object.assign(process.env, server.env());
  }, 120_000);
  afterAll(() => server?.close());

  // One number means the same tables on both engines.
  describeCatalogContract('postgres', async () => {
    const url = await server.createDatabase();
    migratePostgresCatalog(url);
    return openPostgresCatalog(url, { applicationName: 'contract' });
  }, latest(pgMigrations) === latest(migrations) ? latest(pgMigrations) : -1);
});
