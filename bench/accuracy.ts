import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark } from './index.js';
import { mapLimit, sohoaEngine, tesseractCliEngine, tesseractJsRawEngine, type AccuracyEngine, type Reading } from './accuracy-engines.js';
import { cer } from '../test/fixtures-gen/cer.js';
import { degradationCorpus, type CorpusPage, type Split } from '../test/fixtures-gen/corpus.js';
import { DEGRADATIONS, type Degradation } from '../test/fixtures-gen/degrade.js';

/**
 * CER per degradation class for three engines on the same labelled pages: sohoa (preprocess +
 * OCR + orientation rules), the tesseract CLI on the raw image with the same model, and
 * tesseract.js on the raw image. Environment:
 *   SOHOA_BENCH_SPLIT=holdout|tune (default holdout: the split tuning never saw)
 *   SOHOA_BENCH_CLASSES=grain,sparse (default all)   SOHOA_BENCH_PER_SPEC=1 (pages per strength)
 *   SOHOA_BENCH_ENGINES=sohoa,cli,js (default all)
 */
interface Row {
  page: CorpusPage;
  readings: Record<string, Reading & { cer: number; ordered: boolean }>;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

async function makeEngines(wanted: string[], workers: number): Promise<AccuracyEngine[]> {
  const out: AccuracyEngine[] = [];
  if (wanted.includes('sohoa')) out.push(await sohoaEngine(workers));
  if (wanted.includes('cli')) out.push(await tesseractCliEngine());
  if (wanted.includes('js')) out.push(await tesseractJsRawEngine(workers));
  return out;
}

/** Runs every engine on every page (one engine at a time, `workers` pages in parallel). */
export async function measureAccuracy(pages: CorpusPage[], engineNames: string[], workers: number): Promise<{ rows: Row[]; engines: string[] }> {
  const rows: Row[] = pages.map((page) => ({ page, readings: {} }));
  const names: string[] = [];
  for (const name of engineNames) {
    // The raw-image baselines do not depend on sohoa's code: their readings are cached beside
    // the corpus images (same generator, same model, same reading), so a re-run only re-reads sohoa.
    const cache = name === 'sohoa' ? undefined : readingCache(name);
    const [engine] = await makeEngines([name], workers);
    if (!engine) continue;
    names.push(engine.name);
    try {
      await mapLimit(rows, workers, async (row) => {
        const r = cache?.get(row.page.file) ?? (await engine.read(row.page.file));
        cache?.set(row.page.file, r);
        // Either order of the two header blocks counts (tesseract reads them row by row): the
        // figures compare recognition, not layout. `ordered` says whether columns came out in order.
        const inOrder = cer(r.text, row.page.truth);
        const rows = cer(r.text, row.page.truthRows);
        row.readings[engine.name] = { ...r, cer: Math.min(inOrder, rows), ordered: inOrder <= rows };
      });
    } finally {
      await engine.close();
      cache?.save();
    }
  }
  return { rows, engines: names };
}

function readingCache(engine: string) {
  const file = path.join(os.tmpdir(), `sohoa-ocr-readings-${engine}.json`);
  const map = new Map<string, Reading>(existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Array<[string, Reading]>) : []);
  return {
    get: (k: string) => map.get(k),
    set: (k: string, r: Reading) => void map.set(k, r),
    save: () => writeFileSync(file, JSON.stringify([...map])),
  };
}

function printTable(rows: Row[], engines: string[]): void {
  const classes = DEGRADATIONS.filter((c) => rows.some((r) => r.page.cls === c));
  console.log(['class'.padEnd(13), 'pages', ...engines.map((e) => e.padStart(18))].join(' '));
  for (const cls of classes) {
    const of = rows.filter((r) => r.page.cls === cls);
    console.log([cls.padEnd(13), String(of.length).padStart(5), ...engines.map((e) => pct(mean(of.map((r) => r.readings[e]!.cer))).padStart(18))].join(' '));
  }
  console.log(['ALL'.padEnd(13), String(rows.length).padStart(5), ...engines.map((e) => pct(mean(rows.map((r) => r.readings[e]!.cer))).padStart(18))].join(' '));
  for (const e of engines) {
    const worst = rows.reduce((a, b) => (b.readings[e]!.cer > a.readings[e]!.cer ? b : a));
    console.log(`worst page for ${e}: ${worst.page.id} at ${pct(worst.readings[e]!.cer)}`);
  }
  for (const e of engines) {
    const headed = rows.filter((r) => r.page.truth !== r.page.truthRows);
    console.log(`two-column header read column by column (${e}): ${headed.filter((r) => r.readings[e]!.ordered).length}/${headed.length} pages`);
  }
}

/** Per page: CER of each engine, sohoa's confidence and rotation, and sohoa minus CLI. */
function printPages(rows: Row[], engines: string[]): void {
  console.log('\nper page: ' + engines.map((e) => `${e} CER`).join(' | ') + ' | sohoa conf | sohoa rotation');
  for (const r of rows) {
    const s = r.readings.sohoa;
    const cells = engines.map((e) => pct(r.readings[e]!.cer).padStart(8));
    console.log(`  ${r.page.id.padEnd(26)} ${cells.join(' ')}  ${s?.confidence?.toFixed(1) ?? '-'}  ${s?.rotation ?? '-'}`);
  }
  const cli = 'tesseract CLI raw';
  if (engines.includes('sohoa') && engines.includes(cli)) {
    const worse = rows.filter((r) => r.readings.sohoa!.cer - r.readings[cli]!.cer > 0.01);
    console.log(`pages where sohoa is worse than the CLI by > 1 point: ${worse.length ? worse.map((r) => r.page.id).join(', ') : 'none'}`);
  }
}

/**
 * Confidence against CER, over every tesseract.js reading (sohoa's and raw, including turned
 * pages read sideways): the threshold that best separates good readings (CER ≤ 5%) from garbage (CER ≥ 30%).
 */
function printConfidenceSplit(rows: Row[]): void {
  const pts = rows.flatMap((r) => Object.values(r.readings).filter((x) => x.confidence !== undefined).map((x) => ({ conf: x.confidence!, cer: x.cer })));
  const good = pts.filter((p) => p.cer <= 0.05).map((p) => p.conf);
  const bad = pts.filter((p) => p.cer >= 0.3).map((p) => p.conf);
  if (!good.length) return;
  console.log(`\nconfidence: good readings (CER ≤ 5%, n=${good.length}) min ${Math.min(...good).toFixed(1)}, mean ${mean(good).toFixed(1)}`);
  if (bad.length) console.log(`confidence: garbage readings (CER ≥ 30%, n=${bad.length}) max ${Math.max(...bad).toFixed(1)}, mean ${mean(bad).toFixed(1)}`);
  const mid = pts.filter((p) => p.cer > 0.05 && p.cer < 0.3);
  if (mid.length) console.log(`confidence: in between (5–30%, n=${mid.length}): ${mid.map((p) => `${p.conf.toFixed(0)}@${pct(p.cer)}`).join(', ')}`);
}

export const accuracyBench: Benchmark = {
  name: 'accuracy',
  description: 'OCR CER per degradation class: sohoa vs tesseract CLI (raw, same model) vs tesseract.js (raw)',
  async run() {
    const split = (process.env.SOHOA_BENCH_SPLIT ?? 'holdout') as Split;
    const classes = process.env.SOHOA_BENCH_CLASSES?.split(',').filter(Boolean) as Degradation[] | undefined;
    const engines = (process.env.SOHOA_BENCH_ENGINES ?? 'sohoa,cli,js').split(',');
    const workers = Number(process.env.SOHOA_BENCH_OCR_WORKERS ?? Math.min(2, os.availableParallelism()));
    const pages = await degradationCorpus(split, { classes, perSpec: Number(process.env.SOHOA_BENCH_PER_SPEC ?? 1) });
    console.log(`${pages.length} labelled A4 pages, split ${split}, ${workers} pages at a time`);
    const { rows, engines: names } = await measureAccuracy(pages, engines, workers);
    printTable(rows, names);
    printPages(rows, names);
    printConfidenceSplit(rows);
  },
};
