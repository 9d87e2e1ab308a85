import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './index.js';
import { fmt, runMeasured } from './util.js';
import { formatCurve, formatThreads, runTree, type TreeRun } from './tree.js';
import { renderPage } from '../test/fixtures-gen/render.js';
import { startS3rver, S3RVER_ENV } from '../test/helpers/s3rver.js';
import { createDemoP12 } from '../src/stages/sign/demo.js';
import { plainTessdataDir } from '../src/adapters/tesseract/paths.js';

/**
 * `sohoa run` from an empty workspace to everything archived in a local s3rver, against two
 * OCR-only baselines on the same pages, in the same run:
 * - the ceiling: tesseract.js recognize alone, same worker count (goal: sohoa ≥ 0.9 of it);
 * - the tesseract command line, two pages at a time (goal: sohoa ≥ 1.0 of it), compared
 *   with `sohoa run` under `ocr.engine: native`.
 * Wall time and CPU seconds (the whole process tree) are both printed: on a shared machine the
 * CPU ratio is the steadier one, and on a dedicated one it is what bounds throughput.
 * The RSS of sohoa's whole process tree is sampled through the run and printed as a curve.
 * Env: SOHOA_BENCH_E2E_PAGES (default 100; 4 pages a document), SOHOA_BENCH_E2E_WORKERS,
 * SOHOA_BENCH_E2E_CEILING=0 (memory only: no baselines), SOHOA_BENCH_E2E_NATIVE=0 (no native
 * run), SOHOA_BENCH_E2E_RECYCLE=N (ocr.recycleAfter, to see recycling in a short run).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const UNITS = ['29236', '29239', '842', '84', '29266'];
const BIN = path.join(ROOT, 'bin', 'sohoa.js');

/** A4 pages at 300 dpi, four to a document, over five units; every fifth a colour JPEG. */
export async function makeBenchInbox(inbox: string, pages: number): Promise<string[]> {
  const perDoc = 4;
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
  return images;
}

export const e2eBench: Benchmark = {
  name: 'e2e',
  description: 'sohoa run (ingest → OCR → PDF → classify → sign → S3) vs the OCR-only ceiling and the tesseract command line',
  async run() {
    const pages = Number(process.env.SOHOA_BENCH_E2E_PAGES ?? 100);
    const workers = Number(process.env.SOHOA_BENCH_E2E_WORKERS ?? os.availableParallelism());
    const withBaselines = process.env.SOHOA_BENCH_E2E_CEILING !== '0';
    const withNative = withBaselines && process.env.SOHOA_BENCH_E2E_NATIVE !== '0';
    const recycle = process.env.SOHOA_BENCH_E2E_RECYCLE;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-e2e-'));
    const inbox = path.join(dir, 'inbox');
    const images = await makeBenchInbox(inbox, pages);
    const s3 = await startS3rver('bench');
    const key = await createDemoP12(dir);

    const sohoaRun = async (name: string, ocr: Record<string, unknown>): Promise<TreeRun> => {
      const ws = path.join(dir, `ws-${name}`);
      const units = await runMeasured(process.execPath, [BIN, '--workspace', ws, 'units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')]);
      if (units.code !== 0) throw new Error(units.stderr);
      const cfg = path.join(dir, `${name}.json`);
      writeFileSync(cfg, JSON.stringify({ ocr }));
      const run = await runTree(
        process.execPath,
        [BIN, '--workspace', ws, '--config', cfg, '--archive', `s3://bench/${name}`, '--s3-endpoint', s3.endpoint, '--concurrency', String(workers), '--log-format', 'json', '--quiet',
          'run', inbox, '--settle-seconds', '0', '--s3-force-path-style', '--p12', key.p12Path, '--passphrase-file', key.passphraseFile, '--agency', 'UBND (BENCH)'],
        { cwd: ROOT, env: S3RVER_ENV },
      );
      if (run.code !== 0) throw new Error(`sohoa run (${name}) failed (${run.code}): ${run.stderr.slice(-2000)}`);
      return run;
    };

    try {
      // In-process tsx loader (not the tsx CLI, which forks): the tree is the ceiling's own.
      const ceil = withBaselines
        ? await runTree(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'ocr-ceiling.ts'), String(workers), 'vie+eng', ...images], { cwd: ROOT })
        : undefined;
      if (ceil && ceil.code !== 0) throw new Error(`ceiling failed: ${ceil.stderr}`);
      const run = await sohoaRun('wasm', recycle ? { recycleAfter: Number(recycle) } : {});
      // The tesseract command line on the raw pages, two at a time, one thread each, same model.
      const tessdata = withNative ? plainTessdataDir(['vie', 'eng']) : '';
      const cli = withNative
        ? await runTree('sh', ['-c', `printf '%s\\0' "$@" | xargs -0 -P 2 -I{} tesseract {} stdout --tessdata-dir ${tessdata} -l vie+eng --psm 3 > /dev/null 2>&1`, 'sh', ...images], {
            env: { OMP_THREAD_LIMIT: '1' },
          })
        : undefined;
      const native = withNative ? await sohoaRun('native', { engine: 'native' }) : undefined;

      const perMin = (s: number) => (pages / s) * 60;
      const line = (label: string, r: TreeRun, rss = true) =>
        console.log(`  ${label.padEnd(44)} ${fmt(perMin(r.seconds)).padStart(6)} pages/min (${fmt(r.seconds)} s wall, ${fmt(r.cpuSeconds)} CPU-s${rss ? `, peak RSS ${r.peakRssMB} MB` : ''})`);
      console.log(`${pages} A4 pages at 300 dpi in ${pages / 4} documents, ${workers} worker(s), archive: local s3rver (in the bench process)`);
      console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
      if (ceil) line('ceiling (tesseract.js recognize only)', ceil);
      line('sohoa run, tesseract.js (all stages)', run);
      if (cli) line('tesseract CLI, 2 at a time (OCR only)', cli, false);
      if (native) line('sohoa run, ocr.engine native (all stages)', native);
      if (ceil) {
        console.log(`  sohoa/ceiling throughput: ${fmt(ceil.seconds / run.seconds, 2)} by wall time, ${fmt(ceil.cpuSeconds / run.cpuSeconds, 2)} by CPU (goal ≥ 0.9)`);
        console.log(`  sohoa (tesseract.js)/CLI: ${fmt(cli ? cli.seconds / run.seconds : NaN, 2)} by wall time, ${fmt(cli ? cli.cpuSeconds / run.cpuSeconds : NaN, 2)} by CPU`);
      }
      if (native && cli) console.log(`  sohoa (native)/CLI:       ${fmt(cli.seconds / native.seconds, 2)} by wall time, ${fmt(cli.cpuSeconds / native.cpuSeconds, 2)} by CPU (goal ≥ 1.0)`);
      console.log(`  CPU by thread, sohoa (tesseract.js): ${formatThreads(run)}`);
      if (ceil) console.log(`  CPU by thread, ceiling:              ${formatThreads(ceil)}`);
      console.log(`  RSS of sohoa's process tree (tesseract.js${recycle ? `, recycleAfter ${recycle}` : ''}): peak per tenth of the run`);
      console.log(formatCurve(run));
      if (native) {
        console.log("  RSS of sohoa's process tree (native engine, tesseract children included)");
        console.log(formatCurve(native));
      }
    } finally {
      await s3.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
