import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './index.js';
import { fmt, runMeasured } from './util.js';
import { renderPage } from '../test/fixtures-gen/render.js';
import { startS3rver, S3RVER_ENV } from '../test/helpers/s3rver.js';
import { createDemoP12 } from '../src/stages/sign/demo.js';

/**
 * `sohoa run` from an empty workspace to everything archived in a local s3rver, against the
 * OCR-only ceiling (tesseract.js recognize alone, same workers, same pages), in the same run.
 * SOHOA_BENCH_E2E_PAGES sets the page count (default 100; 4 pages a document);
 * SOHOA_BENCH_E2E_CEILING=0 skips the ceiling (for a memory-only run at 500 pages).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const UNITS = ['29236', '29239', '842', '84', '29266'];

export const e2eBench: Benchmark = {
  name: 'e2e',
  description: 'sohoa run (ingest → OCR → PDF → classify → sign → S3) vs the OCR-only ceiling',
  async run() {
    const pages = Number(process.env.SOHOA_BENCH_E2E_PAGES ?? 100);
    const workers = Number(process.env.SOHOA_BENCH_E2E_WORKERS ?? os.availableParallelism());
    const perDoc = 4;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-e2e-'));
    const inbox = path.join(dir, 'inbox');
    const images: string[] = [];
    for (let i = 0; i < pages; i++) {
      const doc = Math.floor(i / perDoc);
      const unit = UNITS[doc % UNITS.length]!;
      const folder = path.join(inbox, unit, `BENCH-${String(Math.floor(doc / 2)).padStart(4, '0')}`, doc % 2 ? 'ket-qua' : 'ho-so');
      mkdirSync(folder, { recursive: true });
      const colour = i % 5 === 0;
      const r = await renderPage({ page: i + 1, dpi: 300, widthIn: 8.27, heightIn: 11.69, bodyLines: 16, rotateDeg: ((i % 7) - 3) * 0.4, colour, format: colour ? 'jpeg' : 'png' });
      const f = path.join(folder, `doc${doc}_p${(i % perDoc) + 1}.${colour ? 'jpg' : 'png'}`);
      writeFileSync(f, r.image);
      images.push(f);
    }
    const s3 = await startS3rver('bench');
    const key = await createDemoP12(dir);
    const ws = path.join(dir, 'ws');
    const bin = path.join(ROOT, 'bin', 'sohoa.js');
    const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    try {
      const units = await runMeasured(process.execPath, [bin, '--workspace', ws, 'units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')]);
      if (units.code !== 0) throw new Error(units.stderr);
      const withCeiling = process.env.SOHOA_BENCH_E2E_CEILING !== '0';
      const ceil = withCeiling
        ? await runMeasured(process.execPath, [tsx, path.join(ROOT, 'bench', 'ocr-ceiling.ts'), String(workers), 'vie+eng', ...images], { cwd: ROOT })
        : undefined;
      if (ceil && ceil.code !== 0) throw new Error(`ceiling failed: ${ceil.stderr}`);
      const run = await runMeasured(
        process.execPath,
        [bin, '--workspace', ws, '--archive', 's3://bench/e2e', '--s3-endpoint', s3.endpoint, '--concurrency', String(workers), '--log-format', 'json', '--quiet',
          'run', inbox, '--settle-seconds', '0', '--s3-force-path-style', '--p12', key.p12Path, '--passphrase-file', key.passphraseFile, '--agency', 'UBND (BENCH)'],
        { cwd: ROOT, env: S3RVER_ENV },
      );
      if (run.code !== 0) throw new Error(`sohoa run failed (${run.code}): ${run.stderr.slice(-2000)}`);
      const perMin = (s: number) => (pages / s) * 60;
      console.log(`${pages} A4 pages at 300 dpi in ${pages / perDoc} documents, ${workers} worker(s), archive: local s3rver`);
      if (ceil) console.log(`  ceiling (tesseract.js recognize only): ${fmt(perMin(ceil.seconds))} pages/min (${fmt(ceil.seconds)} s)`);
      console.log(`  sohoa run (all stages):               ${fmt(perMin(run.seconds))} pages/min (${fmt(run.seconds)} s), peak RSS ${run.peakRssMB} MB`);
      if (ceil) console.log(`  ratio sohoa/ceiling throughput: ${fmt(ceil.seconds / run.seconds, 2)} (goal ≥ 0.85)`);
    } finally {
      await s3.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
