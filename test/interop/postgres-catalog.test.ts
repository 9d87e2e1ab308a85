import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgresCatalog, openPostgresCatalog } from '../../src/adapters/postgres/catalog.js';
import { pgMigrations } from '../../src/adapters/postgres/migrations/index.js';
import { migrations } from '../../src/adapters/sqlite/migrations/index.js';
import { ConfigError } from '../../src/errors.js';
import { describeCatalogContract } from '../contract/catalog.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { makeInbox } from '../helpers/inbox.js';
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

  /**
   * A database as a Vietnamese province's DBA may create it: ICU collation vi-VN, where "a.pdf" sorts before
   * "B.pdf". The harness's own databases sort byte-wise (C.UTF-8) like SQLite, which would hide such a drift.
   */
  let vi = 0;
  async function vietnameseDatabase(): Promise<string> {
    const name = `vi_${process.pid}_${++vi}`;
    const admin = `postgres://${server.user}@${server.host}:${server.port}/postgres`;
    await server.psql(admin, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'vi-VN' LOCALE 'C.UTF-8'`);
    return admin.replace(/\/postgres$/, `/${name}`);
  }

  // One number means the same tables on both engines.
  describeCatalogContract('postgres (vi-VN collation)', async () => {
    const url = await vietnameseDatabase();
    migratePostgresCatalog(url);
    return openPostgresCatalog(url, { applicationName: 'contract' });
  }, latest(pgMigrations) === latest(migrations) ? latest(pgMigrations) : -1);

  /** The built CLI against a catalog URL; PGPASSWORD from the server unless `env` says otherwise. */
  const sohoa = (url: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    runCli(['--workspace', path.join(tempDir('sohoa-pgcli-'), 'ws'), ...args], { env: { ...server.env(), SOHOA_CATALOG_URL: url, ...env } });
  const json = (r: CliResult) => JSON.parse(r.stdout) as { applied: Array<{ version: number; name: string }>; from: number; to: number };

  describe('sohoa catalog migrate and the schema check (built CLI)', () => {
    it('migrates once: a second run applies nothing; two at once apply it once', async () => {
      const url = await server.createDatabase();
      const first = await sohoa(url, ['--json', 'catalog', 'migrate']);
      expect(first.code, first.stderr).toBe(0);
      expect(json(first)).toMatchObject({ from: 0, to: latest(pgMigrations), applied: pgMigrations.map((m) => ({ version: m.version, name: m.name })) });
      const second = await sohoa(url, ['--json', 'catalog', 'migrate']);
      expect(second.code, second.stderr).toBe(0);
      expect(json(second)).toMatchObject({ from: latest(pgMigrations), to: latest(pgMigrations), applied: [] });
      const text = await sohoa(url, ['catalog', 'migrate']);
      expect(text.stdout + text.stderr).toMatch(new RegExp(`up to date|schema version ${latest(pgMigrations)}`, 'i'));

      const racing = await server.createDatabase();
      const both = await Promise.all([sohoa(racing, ['--json', 'catalog', 'migrate']), sohoa(racing, ['--json', 'catalog', 'migrate'])]);
      for (const r of both) expect(r.code, r.stderr).toBe(0);
      expect(both.map((r) => json(r).applied.length).sort()).toEqual([0, pgMigrations.length]);
      expect(await server.psql(racing, 'SELECT version FROM schema_migrations ORDER BY version')).toBe(pgMigrations.map((m) => m.version).join('\n'));
    });

    it('refuses a catalog newer than this sohoa, naming both versions (exit 3)', async () => {
      const url = await server.createDatabase();
      migratePostgresCatalog(url);
      await server.psql(url, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01')");
      expect(() => openPostgresCatalog(url)).toThrow(ConfigError);
      expect(() => openPostgresCatalog(url)).toThrow(new RegExp(`schema version 99, newer than this sohoa knows \\(${latest(pgMigrations)}\\)`));
      for (const args of [['status'], ['catalog', 'migrate']]) {
        const r = await sohoa(url, args);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(3);
        expect(r.stderr).toMatch(/99/);
        expect(r.stderr).toContain(`(${latest(pgMigrations)})`);
      }
    });

    it('refuses an empty database, telling to run `sohoa catalog migrate` (exit 3)', async () => {
      const url = await server.createDatabase();
      expect(() => openPostgresCatalog(url)).toThrow(/no sohoa schema yet/);
      const r = await sohoa(url, ['status']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/no sohoa schema yet/);
      expect(r.stderr).toContain('sohoa catalog migrate');
    });

    it('takes no password in the URL (exit 3), and never prints it', async () => {
      const url = await server.createDatabase();
      const withPassword = url.replace('sohoa@', `sohoa:${server.password}@`);
      const r = await sohoa(withPassword, ['status']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/carries a password/);
      expect(r.stdout + r.stderr).not.toContain(server.password);
    });

    it('reads the password from catalog.passwordFile; a wrong one is refused clearly (exit 3, not retried) without printing it', async () => {
      const url = await server.createDatabase();
      migratePostgresCatalog(url);
      const home = tempDir('sohoa-pghome-'); // no ~/.pgpass to fall back on
      const file = path.join(home, 'catalog.pass');
      writeFileSync(file, `${server.password}\n`, { mode: 0o600 });
      const ok = await sohoa(url, ['--json', 'status'], { PGPASSWORD: undefined, HOME: home, SOHOA_CATALOG_PASSWORD_FILE: file });
      expect(ok.code, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ byStatus: { pending: 0 } });

      const wrong = 'not-the-password-4711';
      const bad = await sohoa(url, ['status'], { PGPASSWORD: wrong, HOME: home });
      expect(bad.code, bad.stderr).toBe(3);
      expect(bad.stderr).toMatch(/refused the credentials/);
      expect(bad.stderr).toMatch(/password authentication failed/);
      expect(bad.stderr).toMatch(/PGPASSWORD|passwordFile/);
      expect(bad.stdout + bad.stderr).not.toContain(wrong);

      const missing = await sohoa(url.replace(/\/[^/]+$/, '/no_such_catalog'), ['status']);
      expect(missing.code, missing.stderr).toBe(3);
      expect(missing.stderr).toMatch(/no_such_catalog does not exist/);
    });

    it('is a real server: psql reads the documents the CLI ingested', async () => {
      const url = await server.createDatabase();
      expect((await sohoa(url, ['catalog', 'migrate'])).code).toBe(0);
      const inbox = path.join(tempDir('sohoa-pginbox-'), 'inbox');
      await makeInbox(inbox);
      const r = await sohoa(url, ['ingest', '--settle-seconds', '0', inbox], { SOHOA_ORIGINALS_STORE: 'workspace' });
      expect(r.code, r.stderr).toBe(0);
      const rows = await server.psql(url, "SELECT dossier_code || '/' || part || ' ' || stage FROM documents ORDER BY dossier_code, part");
      expect(rows.split('\n')).toEqual(['E2E-001/ho-so ingested', 'E2E-001/ket-qua ingested', 'E2E-002/ho-so ingested']);
      expect(await server.psql(url, 'SELECT count(*), sum(size) > 0 FROM inputs')).toBe('4|t');
    });
  });
});
