/**
 * A worker reduced to its leases, for the concurrency test: claims `batch` documents at a time,
 * marks each done inside its fenced commit, releases it, and prints the ids it did as JSON.
 * Run: node --import tsx test/helpers/claimer.ts URL NAME BATCH GO_FILE (password from PGPASSWORD).
 * It says `ready` on stderr once connected and starts when GO_FILE exists, so that all start together.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { openPgCatalog } from './pg-catalog.js';

const [url, name, batch, go] = process.argv.slice(2) as [string, string, string, string];
const catalog = openPgCatalog(url, process.env.PGPASSWORD ?? '', name);
const me = { workerId: `${name}-${process.pid}`, host: os.hostname(), pid: process.pid };
catalog.work.leases();
process.stderr.write('ready\n');
while (!existsSync(go)) await sleep(10);
const done: number[] = [];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let claims = 0;
for (;;) {
  const got = catalog.work.claim(me, Number(batch), 60, { stages: ['ingested'] });
  claims += 1;
  if (got.length === 0) {
    // Empty under contention is not the end: only when nothing claimable is left.
    if (catalog.work.claimable(['ingested']) === 0) break;
    await sleep(5);
    continue;
  }
  for (const { doc, lease } of got) {
    catalog.transaction(() => {
      catalog.work.fence(lease, 60);
      catalog.db.prepare(`UPDATE documents SET status = 'done', stage = 'archived' WHERE id = ?`).run(doc.id);
    });
    catalog.work.release(lease);
    done.push(doc.id);
  }
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
catalog.close();
process.stdout.write(JSON.stringify({ done, claims, ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
