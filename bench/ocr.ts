import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './index.js';
import { fmt, runMeasured } from './util.js';
import { renderPage } from '../test/fixtures-gen/render.js';

/**
 * `sohoa ocr` (preprocess + OCR + searchable PDF, one process) against the OCR-only ceiling:
 * plain tesseract.js recognize with the same worker count on the same images, in the same run.
 * Pages: A4 at 300 dpi, Vietnamese administrative text, slightly skewed and noisy; one in
 * five is a colour JPEG. SOHOA_BENCH_OCR_PAGES sets the count (default 20).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
    const ceil1 = await runMeasured(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'ocr-ceiling.ts'), String(workers), 'vie+eng', ...images], { cwd: ROOT });
    const sohoa = await runMeasured(process.execPath, [path.join(ROOT, 'bin', 'sohoa.js'), '--quiet', '--concurrency', String(workers), 'ocr', ...images, '--out', out], { cwd: ROOT });
    const ceil2 = await runMeasured(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'ocr-ceiling.ts'), String(workers), 'vie+eng', ...images], { cwd: ROOT });
    if (ceil1.code !== 0 || ceil2.code !== 0) throw new Error(`ceiling failed: ${ceil1.stderr || ceil2.stderr}`);
    if (sohoa.code !== 0) throw new Error(`sohoa ocr failed (${sohoa.code}): ${sohoa.stderr}`);
    const pdfs = readdirSync(out).filter((f) => f.endsWith('.pdf')).length;
    if (pdfs !== pages) throw new Error(`Expected ${pages} PDFs, got ${pdfs}`);
    const ceilingSeconds = (ceil1.seconds + ceil2.seconds) / 2;
    const perMin = (s: number) => (pages / s) * 60;
    console.log(`${pages} A4 pages at 300 dpi, ${workers} worker(s)`);
    console.log(`  ceiling (tesseract.js recognize only): ${fmt(perMin(ceilingSeconds))} pages/min (${fmt(ceil1.seconds)} s, ${fmt(ceil2.seconds)} s), peak RSS ${Math.max(ceil1.peakRssMB, ceil2.peakRssMB)} MB`);
    console.log(`  sohoa ocr (preprocess + OCR + PDF/A): ${fmt(perMin(sohoa.seconds))} pages/min (${fmt(sohoa.seconds)} s), peak RSS ${sohoa.peakRssMB} MB`);
    console.log(`  ratio sohoa/ceiling time: ${fmt(sohoa.seconds / ceilingSeconds, 2)} (overhead outside OCR ${fmt((sohoa.seconds / ceilingSeconds - 1) * 100)}%, target ≤ 15%)`);
    rmSync(dir, { recursive: true, force: true });
  },
};
