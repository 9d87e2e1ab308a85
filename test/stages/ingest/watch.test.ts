import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, promises as fsp, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import { ingestInbox } from '../../../src/stages/ingest/index.js';
import { watchInbox, type WatchEvent } from '../../../src/stages/ingest/watch.js';
import { renderPage } from '../../fixtures-gen/render.js';
import { BIN, tempDir } from '../../helpers/cli.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits for a condition, polling; the test's own timeout bounds it. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(50);
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let catalog: SqlCatalog | undefined;
afterEach(() => catalog?.close());

describe('sohoa ingest --watch', () => {
  it('registers a file written slowly only once complete, a file renamed in, and survives the inbox vanishing', async () => {
    const root = tempDir('sohoa-watch-');
    const inbox = path.join(root, 'inbox');
    const dir = path.join(inbox, '29236', '29236-2022-0000152', 'ho-so');
    mkdirSync(dir, { recursive: true });
    catalog = openSqliteCatalog(path.join(root, 'ws'));
    const slow = (await renderPage({ page: 1, dpi: 200, bodyLines: 3 })).image;
    const renamed = (await renderPage({ page: 2, dpi: 200, bodyLines: 3 })).image;
    const events: WatchEvent[] = [];
    const ac = new AbortController();
    const cat = catalog;
    const watching = watchInbox(() => ingestInbox(cat, inbox, { settleSeconds: 1, signal: ac.signal }), { inbox, intervalMs: 100, signal: ac.signal, onEvent: (e) => events.push(e) });
    const registered = () => events.flatMap((e) => (e.type === 'pass' ? e.result.registered : []));
    const rejected = () => events.flatMap((e) => (e.type === 'pass' ? e.result.rejected : []));

    // A scanner writing a page in 8 pieces, each a few passes apart: every pass sees a fresh, partial file.
    const fh = await fsp.open(path.join(dir, 'don.png'), 'w');
    const step = Math.ceil(slow.length / 8);
    for (let i = 0; i < slow.length; i += step) {
      await fh.write(slow.subarray(i, i + step));
      await fh.sync();
      await sleep(300);
    }
    await fh.close();
    await until(() => registered().length === 1);
    expect(registered()[0]!.name).toBe('don');

    // Software that writes under a temporary name, then renames.
    await fsp.writeFile(path.join(dir, '.to-khai.png.part'), renamed);
    await sleep(300);
    expect(registered()).toHaveLength(1); // a hidden temporary name is never taken
    renameSync(path.join(dir, '.to-khai.png.part'), path.join(dir, 'to-khai.png'));
    await until(() => registered().length === 2);

    // The share is unmounted (the folder vanishes), then comes back.
    renameSync(inbox, inbox + '.away');
    await until(() => events.some((e) => e.type === 'inbox-missing'));
    renameSync(inbox + '.away', inbox);
    await until(() => events.some((e) => e.type === 'inbox-back'));
    const passesBefore = events.filter((e) => e.type === 'pass').length;
    await until(() => events.filter((e) => e.type === 'pass').length > passesBefore);

    ac.abort();
    const totals = await watching;
    expect(rejected()).toEqual([]);
    expect(totals.registered).toBe(2);
    expect(totals.outages).toBe(1);
    // What was registered is the complete file, not a piece of it.
    const docs = catalog.documents.pending();
    expect(docs).toHaveLength(2);
    expect(registered().map((d) => d.name).sort()).toEqual(['don', 'to-khai']);
    expect(sha(readFileSync(path.join(dir, 'don.png')))).toBe(sha(slow));
  }, 60_000);

  it('stops cleanly on SIGTERM with exit 0 (the CLI)', async () => {
    const root = tempDir('sohoa-watch-cli-');
    mkdirSync(path.join(root, 'inbox'));
    const child = spawn(process.execPath, [BIN, '--workspace', path.join(root, 'ws'), 'ingest', '--watch', path.join(root, 'inbox'), '--interval', '0.2'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SOHOA_LANG: 'en' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await until(() => /Watching/.test(stderr));
    await sleep(500); // a few passes
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(stdout).toMatch(/Stopped watching .*: \d+ pass\(es\), 0 document\(s\) registered/);
  }, 60_000);
});
