import path from 'node:path';
import { startClaimer } from '../helpers/claimers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { tempDir } from '../helpers/cli.js';
import { openPgCatalog } from '../helpers/pg-catalog.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';
import { describeWorkQueueContract } from '../contract/work-queue.js';

let server: PgServer | undefined;
const ready = requirePostgres();

beforeAll(async () => {
  if (ready) server = await startPostgres();
});
afterAll(async () => {
  await server?.close();
});

// The same contract as SQLite's (test/adapters/sqlite/work-queue.test.ts), on a real server.
describeWorkQueueContract('postgres', async () => {
  const url = await server!.createDatabase();
  return [openPgCatalog(url, server!.password, 'worker-a'), openPgCatalog(url, server!.password, 'worker-b')];
});

describe.runIf(ready)('leases under real concurrency (PostgreSQL, FOR UPDATE SKIP LOCKED)', () => {
  it('four processes claiming at once do every document exactly once', async () => {
    const url = await server!.createDatabase();
    const c = openPgCatalog(url, server!.password);
    const units = ['29236', '29239', '842'];
    c.transaction(() => {
      for (let i = 0; i < 240; i++) c.documents.createDocument({ uid: `d-${i}`, dossierCode: null, unitCode: units[i % 3]!, part: 'ho-so', name: `d-${i}.png` }, []);
    });
    // All four start claiming together, once each is connected (start-up takes seconds under tsx).
    const go = path.join(tempDir('sohoa-claimers-'), 'go');
    const claimers = [1, 2, 3, 4].map((n) => startClaimer(server!.env(), url, `claimer-${n}`, n % 2 ? 1 : 3, go));
    await Promise.all(claimers.map((c) => c.ready));
    writeFileSync(go, '');
    const results = await Promise.all(claimers.map((c) => c.result));
    const all = results.flatMap((r) => r.done);
    expect(all).toHaveLength(240);
    expect(new Set(all).size).toBe(240);
    // Each process got a share: SKIP LOCKED lets them work side by side instead of queueing.
    console.log(results.map((r) => `${r.done.length} in ${Math.round(r.ms)} ms, ${r.claims} claims`).join("; "));
    for (const r of results) expect(r.done.length).toBeGreaterThan(0);
    expect(c.db.prepare(`SELECT count(*) FROM documents WHERE status = 'done'`).pluck().get()).toBe(240);
    expect(c.work.leases()).toEqual([]);
    const claims = results.reduce((a, r) => a + r.claims, 0);
    const seconds = Math.max(...results.map((r) => r.ms)) / 1000;
    console.log(`leases: 4 processes, ${claims} claims + 240 fenced commits in ${seconds.toFixed(2)} s (${Math.round(240 / seconds)} documents/s)`);
    c.close();
  });
});
