import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './index.js';
import { fmt, runMeasured } from './util.js';

const BIN = fileURLToPath(new URL('../bin/sohoa.js', import.meta.url));

/**
 * Command-line start-up: `sohoa --version` and `sohoa --help` against bare Node (`node -e 0`),
 * each run SOHOA_BENCH_STARTUP_RUNS times (default 10), interleaved so that the machine's
 * load hits all three alike. CPU seconds come from GNU time when it is there: on a shared
 * machine the wall clock mostly measures the neighbours. SOHOA_BENCH_BASELINE_BIN adds another
 * build (say, main's) to the same run.
 */
export const startupBench: Benchmark = {
  name: 'startup',
  description: 'CLI start-up: sohoa --version and --help against bare Node',
  async run() {
    const runs = Number(process.env.SOHOA_BENCH_STARTUP_RUNS ?? 10);
    const timer = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'cpu %U %S'] : [];
    const cases: Record<string, string[]> = { 'node -e 0': ['-e', '0'], 'sohoa --version': [BIN, '--version'], 'sohoa --help': [BIN, '--help'] };
    // SOHOA_BENCH_BASELINE_BIN: another build's bin/sohoa.js (e.g. main) measured in the same run.
    const base = process.env.SOHOA_BENCH_BASELINE_BIN;
    if (base) Object.assign(cases, { 'baseline --version': [base, '--version'], 'baseline --help': [base, '--help'] });
    const totals = new Map(Object.keys(cases).map((k) => [k, { wall: 0, cpu: 0 }]));
    for (let i = 0; i < runs; i++) {
      for (const [label, args] of Object.entries(cases)) {
        const cmd = [...timer, process.execPath, ...args];
        const r = await runMeasured(cmd[0]!, cmd.slice(1));
        if (r.code !== 0) throw new Error(`${label} exited ${r.code}: ${r.stderr}`);
        const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
        const t = totals.get(label)!;
        t.wall += r.seconds;
        t.cpu += m ? Number(m[1]) + Number(m[2]) : NaN;
      }
    }
    const bare = totals.get('node -e 0')!;
    for (const [label, t] of totals) {
      const vs = label === 'node -e 0' ? '' : `  (${fmt(t.cpu / bare.cpu, 1)}x bare Node's CPU, +${fmt((1000 * (t.cpu - bare.cpu)) / runs, 0)} ms)`;
      console.log(`  ${label.padEnd(18)} ${fmt((1000 * t.wall) / runs, 0)} ms wall, ${fmt((1000 * t.cpu) / runs, 0)} ms CPU a run${vs}`);
    }
  },
};
