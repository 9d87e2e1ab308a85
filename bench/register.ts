import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteCatalog } from '../src/adapters/sqlite/catalog.js';
import { importUnits } from '../src/registry/units-import.js';
import { sampleRegisterLines } from '../src/registry/sample-register.js';
import type { Benchmark } from './index.js';
import { fmt, runMeasured } from './util.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/sohoa.js');
const ROWS = Number(process.env.SOHOA_BENCH_ROWS ?? 1_000_000);

async function writeRegister(file: string, catalogDir: string): Promise<void> {
  const c = openSqliteCatalog(catalogDir);
  await importUnits(c, path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv'));
  const units = c.units.all();
  c.close();
  const out = createWriteStream(file);
  for (const line of sampleRegisterLines(units, { count: ROWS, seed: 7 })) {
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export const registerBench: Benchmark = {
  name: 'register',
  description: `register import and report over ${ROWS.toLocaleString('en')} generated dossiers`,
  async run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-reg-'));
    try {
      const csv = path.join(dir, 'register.csv');
      const ws = path.join(dir, 'ws');
      await writeRegister(csv, ws);
      // Baseline: the floor for streaming the same file, parsing the CSV only (no validation, no SQLite).
      const parseOnly = `import{createReadStream}from'node:fs';import{parse}from'csv-parse';let n=0;for await(const r of createReadStream(process.argv[1]).pipe(parse({columns:true})))n++;console.log(n)`;
      const base = await runMeasured(process.execPath, ['--input-type=module', '-e', parseOnly, csv], { cwd: ROOT });
      const imp = await runMeasured(process.execPath, [BIN, '--workspace', ws, 'register', 'import', csv, '--json'], { cwd: ROOT });
      if (imp.code !== 0) throw new Error(`import failed: ${imp.stderr}`);
      const rep = await runMeasured(process.execPath, [BIN, '--workspace', ws, 'report', '--format', 'json'], { cwd: ROOT });
      if (rep.code !== 0) throw new Error(`report failed: ${rep.stderr}`);
      const repCsv = await runMeasured(process.execPath, [BIN, '--workspace', ws, 'report', '--format', 'csv', '--structure', '2022-01-01'], { cwd: ROOT });
      // Baseline for the report: starting the CLI and printing the unit list (no aggregation).
      const startup = await runMeasured(process.execPath, [BIN, '--workspace', ws, 'units', 'list', '--json'], { cwd: ROOT });
      console.log(`rows: ${ROWS}`);
      console.log(`csv parse only (baseline): ${fmt(base.seconds, 2)} s, peak RSS ${base.peakRssMB} MB`);
      console.log(`register import: ${fmt(imp.seconds, 2)} s (${Math.round(ROWS / imp.seconds).toLocaleString('en')} rows/s), peak RSS ${imp.peakRssMB} MB, ${fmt(imp.seconds / base.seconds, 2)}× the parse-only floor`);
      console.log(`report (json): ${fmt(rep.seconds, 2)} s, peak RSS ${rep.peakRssMB} MB; CLI start-up + unit list (baseline): ${fmt(startup.seconds, 2)} s; aggregation cost ${fmt(rep.seconds - startup.seconds, 2)} s`);
      console.log(`report (csv, with --structure): ${fmt(repCsv.seconds, 2)} s, peak RSS ${repCsv.peakRssMB} MB`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
