import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgCatalog } from '../helpers/pg-catalog.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import { tempDir } from '../helpers/cli.js';

/**
 * catalog.exclusive: one process of the province at a time runs a named job (the outdated sidecars
 * of `run`, a review's sidecar); another asking meanwhile is told no at once, and the lock goes
 * with the job, also when the job fails.
 */
describe.runIf(requirePostgres())('catalog.exclusive on PostgreSQL', () => {
  let pg: PgServer;
  let url: string;

  beforeAll(async () => {
    pg = (await startPostgres())!;
    url = await pg.createDatabase();
  });
  afterAll(async () => pg?.close());

  it('lets one catalog connection in at a time, per name, and releases on success and failure', async () => {
    const a = openPgCatalog(url, pg.password, 'a');
    const b = openPgCatalog(url, pg.password, 'b');
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const first = a.exclusive('sidecar-versions', async () => {
        await held;
        return 'a did it';
      });
      expect(await b.exclusive('sidecar-versions', async () => 'b did it')).toBeUndefined();
      expect(await b.exclusive('another-job', async () => 'b did the other')).toBe('b did the other');
      release();
      expect(await first).toBe('a did it');
      expect(await b.exclusive('sidecar-versions', async () => 'b did it')).toBe('b did it');
      await expect(a.exclusive('sidecar-versions', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await b.exclusive('sidecar-versions', async () => 'after a failure')).toBe('after a failure');
    } finally {
      a.close();
      b.close();
    }
  });

  it('on SQLite simply runs the job (the workspace lock already makes the caller the only one)', async () => {
    const c = openSqliteCatalog(tempDir('sohoa-exclusive-'));
    try {
      expect(await c.exclusive('sidecar-versions', async () => 42)).toBe(42);
    } finally {
      c.close();
    }
  });
});
