import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './index.js';
import { fmt } from './util.js';
import { renderPage } from '../test/fixtures-gen/render.js';
import { plainTessdataDir } from '../src/adapters/tesseract/paths.js';
import { mapLimit } from './accuracy-engines.js';

const execFileP = promisify(execFile);

/**
 * `sohoa ocr` (preprocess + OCR + searchable PDF, one process) against the OCR-only ceiling:
 * plain tesseract.js recognize with the same worker count on the same images, in the same run.
 * Pages: A4 at 300 dpi, Vietnamese administrative text, slightly skewed and noisy; one in
 * five is a colour JPEG. SOHOA_BENCH_OCR_PAGES sets the count (default 20).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TICKS = 100; // USER_HZ on Linux

interface Measured {
  code: number | null;
  seconds: number;
  /** user + system CPU of the process and all its threads: far less sensitive to a busy machine than wall time. */
  cpuSeconds: number;
  peakRssMB: number;
  stderr: string;
}

/** Like util.runMeasured, plus the CPU time of the process (all threads), read from /proc until it exits. */
async function measure(args: string[]): Promise<Measured> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let cpu = 0;
  let peak = 0;
  const poll = setInterval(() => {
    try {
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu = (Number(f[11]) + Number(f[12])) / TICKS;
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // exited
    }
  }, 25);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  return { code, seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: cpu, peakRssMB: Math.round(peak), stderr };
}

export const ocrBench: Benchmark = {
  name: 'ocr',
  description: 'pages/min and peak RSS of sohoa ocr vs plain tesseract.js recognize (same workers, same images)',
  async run() {
    const pages = Number(process.env.SOHOA_BENCH_OCR_PAGES ?? 20);
    const workers = Number(process.env.SOHOA_BENCH_OCR_WORKERS ?? os.availableParallelism());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-ocr-'));
    const images: string[] = [];
    for (let i = 1; i <= pages; i++) {
      const colour = i % 5 === 0;
      const r = await renderPage({ page: i, dpi: 300, widthIn: 8.27, heightIn: 11.69, bodyLines: 16, rotateDeg: ((i % 7) - 3) * 0.4, colour, format: colour ? 'jpeg' : 'png' });
      const f = path.join(dir, `page-${String(i).padStart(2, '0')}.${colour ? 'jpg' : 'png'}`);
      writeFileSync(f, r.image);
      images.push(f);
    }
    const out = path.join(dir, 'out');
    mkdirSync(out);
    // In-process tsx loader (not the tsx CLI, which forks): RSS is the ceiling's own.
    // Ceiling first, then sohoa, then the ceiling again: the shared machine's load drifts.
    const ceilingArgs = ['--import', 'tsx', path.join(ROOT, 'bench', 'ocr-ceiling.ts'), String(workers), 'vie+eng', ...images];
    const ceil1 = await measure(ceilingArgs);
    const sohoa = await measure([path.join(ROOT, 'bin', 'sohoa.js'), '--quiet', '--concurrency', String(workers), 'ocr', ...images, '--out', out]);
    const ceil2 = await measure(ceilingArgs);
    // The tesseract command line, two pages at a time, same model (ungzipped npm traineddata), OCR only.
    const cliStarted = process.hrtime.bigint();
    const tessdata = plainTessdataDir(['vie', 'eng']);
    await mapLimit(images, 2, (img) => execFileP('tesseract', [img, 'stdout', '--tessdata-dir', tessdata, '-l', 'vie+eng', '--psm', '3'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 1 << 24 }));
    const cliSeconds = Number(process.hrtime.bigint() - cliStarted) / 1e9;
    // sohoa with ocr.engine "native" (the same command line under sohoa's preprocessing and PDF).
    const cfg = path.join(dir, 'native.json');
    writeFileSync(cfg, JSON.stringify({ ocr: { engine: 'native' } }));
    const outNative = path.join(dir, 'out-native');
    mkdirSync(outNative);
    const native = await measure([path.join(ROOT, 'bin', 'sohoa.js'), '--quiet', '--config', cfg, '--concurrency', '2', 'ocr', ...images, '--out', outNative]);
    if (native.code !== 0) throw new Error(`sohoa ocr (native) failed (${native.code}): ${native.stderr}`);
    if (ceil1.code !== 0 || ceil2.code !== 0) throw new Error(`ceiling failed: ${ceil1.stderr || ceil2.stderr}`);
    if (sohoa.code !== 0) throw new Error(`sohoa ocr failed (${sohoa.code}): ${sohoa.stderr}`);
    const pdfs = readdirSync(out).filter((f) => f.endsWith('.pdf')).length;
    if (pdfs !== pages) throw new Error(`Expected ${pages} PDFs, got ${pdfs}`);
    const ceilingSeconds = (ceil1.seconds + ceil2.seconds) / 2;
    const ceilingCpu = (ceil1.cpuSeconds + ceil2.cpuSeconds) / 2;
    const perMin = (s: number) => (pages / s) * 60;
    console.log(`${pages} A4 pages at 300 dpi, ${workers} worker(s)`);
    console.log(`  ceiling (tesseract.js recognize only): ${fmt(perMin(ceilingSeconds))} pages/min (${fmt(ceil1.seconds)} s, ${fmt(ceil2.seconds)} s wall; ${fmt(ceilingCpu)} CPU-s), peak RSS ${Math.max(ceil1.peakRssMB, ceil2.peakRssMB)} MB`);
    console.log(`  sohoa ocr (preprocess + OCR + PDF/A): ${fmt(perMin(sohoa.seconds))} pages/min (${fmt(sohoa.seconds)} s wall; ${fmt(sohoa.cpuSeconds)} CPU-s), peak RSS ${sohoa.peakRssMB} MB`);
    console.log(`  ratio sohoa/ceiling, wall time: ${fmt(sohoa.seconds / ceilingSeconds, 2)} (noisy on a shared machine)`);
    console.log(`  ratio sohoa/ceiling, CPU time:  ${fmt(sohoa.cpuSeconds / ceilingCpu, 2)} (overhead outside OCR ${fmt((sohoa.cpuSeconds / ceilingCpu - 1) * 100)}%, target ≤ 15%)`);
    console.log(`  tesseract CLI, 2 pages at a time (OCR only): ${fmt(perMin(cliSeconds))} pages/min (${fmt(cliSeconds)} s wall)`);
    console.log(`  sohoa ocr, ocr.engine native, concurrency 2: ${fmt(perMin(native.seconds))} pages/min (${fmt(native.seconds)} s wall; ${fmt(native.cpuSeconds)} CPU-s of the node process), peak RSS ${native.peakRssMB} MB`);
    console.log(`  ratio sohoa (tesseract.js)/CLI: ${fmt(cliSeconds / sohoa.seconds, 2)}; sohoa (native)/CLI: ${fmt(cliSeconds / native.seconds, 2)} (goal ≥ 1.0)`);
    rmSync(dir, { recursive: true, force: true });
  },
};
