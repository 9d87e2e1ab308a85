import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark } from './index.js';
import { fmt } from './util.js';
import { TesseractPool } from '../src/adapters/tesseract/pool.js';
import { renderPage } from '../test/fixtures-gen/render.js';
import { openPgCatalog } from '../test/helpers/pg-catalog.js';
import { startPostgres, type PgServer } from '../test/helpers/postgres.js';
import { startClaimer } from '../test/helpers/claimers.js';
import { endToEnd } from './scale-e2e.js';

/**
 * Coordination overhead of workers on one PostgreSQL (issue 10): K worker processes (1, 2, 4, 8;
 * SOHOA_BENCH_SCALE_WORKERS) each claim a document, commit a stage behind the lease check (fence),
 * and release it, with no OCR at all, over N documents from four units (SOHOA_BENCH_SCALE_DOCS,
 * default 400). Reported: claims and commits per second, and each worker's coordination time per
 * document against one page's OCR with tesseract.js measured in the same run (goal: < 2 % at 8).
 * Each process is test/helpers/claimer.ts, the lease path of a real worker without the pipeline.
 * Then the end to end part (bench/scale-e2e.ts; SOHOA_BENCH_SCALE_PAGES, default 16;
 * SOHOA_BENCH_SCALE_ROUNDS, default 1; SOHOA_BENCH_SCALE_E2E=0 skips it; SOHOA_BENCH_SCALE_WORKERS=0
 * skips the coordination part).
 */
export const scaleBench: Benchmark = {
  name: 'scale',
  description: 'claims and fenced commits per second with 1, 2, 4 and 8 workers on one PostgreSQL; coordination per document vs one page of OCR',
  async run() {
    const counts = (process.env.SOHOA_BENCH_SCALE_WORKERS ?? '1,2,4,8').split(',').map(Number).filter((k) => k > 0);
    const N = Number(process.env.SOHOA_BENCH_SCALE_DOCS ?? 400);
    const ocr = await onePageOcr();
    const ocrMs = ocr.ms;
    console.log(`  one page of OCR (tesseract.js, A5 at 300 dpi, vie+eng): ${fmt(ocrMs, 0)} ms, ${fmt(ocr.cpuMs, 0)} ms CPU`);
    const server = await startPostgres();
    if (!server) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-scale-'));
    try {
      console.log('  workers | documents/s | claims/s | wall per document per worker (share of a page) | CPU per document, workers + server (share of a page\'s CPU)');
      for (const k of counts) {
        const r = await round(server, dir, k, N);
        const perDocMs = (r.seconds * 1000 * k) / N;
        const cpuPerDoc = (r.cpuMs + r.serverCpuMs) / N;
        console.log(
          `  ${String(k).padStart(7)} | ${fmt(N / r.seconds).padStart(11)} | ${fmt(r.claims / r.seconds).padStart(8)} | ${fmt(perDocMs, 2).padStart(9)} ms (${fmt((perDocMs / ocrMs) * 100, 2)} %)` +
            ` | ${fmt(cpuPerDoc, 2).padStart(6)} ms (${fmt((cpuPerDoc / ocr.cpuMs) * 100, 2)} %)`,
        );
      }
      console.log(`  (on ${os.availableParallelism()} cores: with more workers than cores, wall time per worker is mostly waiting for a core; CPU per document is what the coordination itself costs)`);
      for (const pending of counts.length ? [2_000, 200_000] : []) {
        console.log(`  one claim + fenced commit + release with ${pending.toLocaleString('en')} documents pending over 100 units: ${fmt(await claimAtBacklog(server, pending), 1)} ms`);
      }
      if (process.env.SOHOA_BENCH_SCALE_E2E !== '0') await endToEnd(server, dir, Number(process.env.SOHOA_BENCH_SCALE_PAGES ?? 16));
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function onePageOcr(): Promise<{ ms: number; cpuMs: number }> {
  const pool = await TesseractPool.create({ size: 1, lang: 'vie+eng', recycleAfter: 100, psm: 3 });
  try {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => renderPage({ page, dpi: 300, bodyLines: 10 })));
    await pool.recognize(pages[0]!.image, 1); // model loading is not per page
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const [i, p] of pages.slice(1).entries()) await pool.recognize(p.image, i + 2);
    const cpu = process.cpuUsage(c0);
    return { ms: (performance.now() - t0) / 3, cpuMs: (cpu.user + cpu.system) / 1000 / 3 };
  } finally {
    await pool.terminate();
  }
}

async function round(server: PgServer, dir: string, k: number, n: number): Promise<{ seconds: number; claims: number; cpuMs: number; serverCpuMs: number }> {
  const url = await server.createDatabase();
  const catalog = openPgCatalog(url, server.password, 'bench-scale');
  const units = ['29236', '29239', '842', '843'];
  catalog.transaction(() => {
    for (let i = 0; i < n; i++) catalog.documents.createDocument({ uid: `d-${i}`, dossierCode: null, unitCode: units[i % 4]!, part: 'ho-so', name: `d-${i}.png` }, []);
  });
  catalog.close();
  const go = path.join(dir, `go-${k}`);
  const procs = Array.from({ length: k }, (_, i) => startClaimer(server.env(), url, `w${i}`, 1, go));
  await Promise.all(procs.map((p) => p.ready));
  const server0 = server.cpuSeconds();
  writeFileSync(go, '');
  const results = await Promise.all(procs.map((p) => p.result));
  await new Promise((r) => setTimeout(r, 300)); // the backends exit and are reaped into the postmaster's time
  const serverCpuMs = (server.cpuSeconds() - server0) * 1000;
  const done = results.reduce((a, r) => a + r.done.length, 0);
  if (done !== n || new Set(results.flatMap((r) => r.done)).size !== n) throw new Error(`expected each of ${n} documents done once, got ${done}`);
  return {
    seconds: Math.max(...results.map((r) => r.ms)) / 1000,
    claims: results.reduce((a, r) => a + r.claims, 0),
    cpuMs: results.reduce((a, r) => a + r.cpuMs, 0),
    serverCpuMs,
  };
}

/** A province's backlog: what one claim costs when the pending documents number in the hundreds of thousands. */
async function claimAtBacklog(server: PgServer, pending: number): Promise<number> {
  const url = await server.createDatabase();
  const c = openPgCatalog(url, server.password, 'bench-scale-backlog');
  try {
    c.db.exec(`INSERT INTO documents (uid, dossier_code, unit_code, part, name, stage, status, version, created_at, updated_at)
      SELECT 'b-' || g, NULL, (29000 + g % 100)::text, 'ho-so', 'b-' || g, 'ingested', 'pending', 1, '2026-12-01', '2026-12-01'
      FROM generate_series(1, ${pending}) g; ANALYZE documents`);
    const me = { workerId: 'bench', host: os.hostname(), pid: process.pid };
    const rounds = 50;
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) {
      const [got] = c.work.claim(me, 1, 60, { stages: ['ingested'] });
      if (!got) throw new Error('nothing to claim');
      c.transaction(() => {
        c.work.fence(got.lease, 60);
        c.documents.advance(got.doc.id, 'ocr');
      });
      c.work.release(got.lease);
    }
    return (performance.now() - t0) / rounds;
  } finally {
    c.close();
  }
}
