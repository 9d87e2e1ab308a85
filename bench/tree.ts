import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Runs a command and samples its whole process tree (the process, its worker threads and any
 * child processes such as native tesseract): summed RSS over time, and CPU seconds. RSS of one
 * process alone misses the native engine's children; wall time alone is at the mercy of a busy
 * machine, so CPU seconds are reported too (the bench's own cutime/cstime: every waited-for
 * descendant's CPU, however short-lived).
 */
const TICKS = 100; // USER_HZ on Linux
const PAGE_KB = 4;

export interface TreeSample {
  /** Seconds since start. */
  t: number;
  rssMB: number;
  /** Pages done so far, from the command's JSON log (`document-done` events), when it writes one. */
  pages: number;
}

export interface TreeRun {
  code: number | null;
  seconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  curve: TreeSample[];
  /** CPU seconds per thread name of the root process (sampled; threads that ended early are counted up to their last sample). */
  threads: Record<string, number>;
  stdout: string;
  stderr: string;
}

function childrenCpuTicks(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[13]) + Number(f[14]); // cutime + cstime
}

/** pid → ppid and RSS (kB) of every process. */
function processTable(): Map<number, { ppid: number; rssKB: number }> {
  const out = new Map<number, { ppid: number; rssKB: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { ppid: Number(f[1]), rssKB: Number(f[21]) * PAGE_KB });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

export function treeRssMB(root: number): number {
  const table = processTable();
  let kb = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    const p = table.get(pid);
    if (!p) continue;
    kb += p.rssKB;
    for (const [child, c] of table) if (c.ppid === pid) stack.push(child);
  }
  return kb / 1024;
}

function sampleThreads(pid: number, into: Map<number, { name: string; ticks: number }>): void {
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const name = Number(tid) === pid ? 'main' : comm;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        into.set(Number(tid), { name, ticks: Number(f[11]) + Number(f[12]) });
      } catch {
        // thread ended
      }
    }
  } catch {
    // process ended
  }
}

export async function runTree(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; intervalMs?: number } = {}): Promise<TreeRun> {
  const cpu0 = childrenCpuTicks();
  const started = process.hrtime.bigint();
  const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pages = 0;
  const countPages = (chunk: string) => {
    for (const m of chunk.matchAll(/"event":"document-done"[^\n]*?"pages":(\d+)/g)) pages += Number(m[1]);
  };
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    const s = d.toString();
    stderr += s;
    countPages(s);
  });
  const curve: TreeSample[] = [];
  const threads = new Map<number, { name: string; ticks: number }>();
  const sample = () => {
    const t = Number(process.hrtime.bigint() - started) / 1e9;
    curve.push({ t, rssMB: treeRssMB(child.pid!), pages });
    sampleThreads(child.pid!, threads);
  };
  const timer = setInterval(sample, opts.intervalMs ?? 250);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const byName: Record<string, number> = {};
  // The busiest threads apart from main are the OCR workers (Node names worker threads "node" too).
  const sorted = [...threads.values()].sort((a, b) => b.ticks - a.ticks);
  const busiest = sorted.filter((t) => t.name === 'node').slice(0, 2);
  for (const t of sorted) {
    const { name, ticks } = t;
    const key = busiest.includes(t) ? 'node (2 busiest)' : name.replace(/\d+$/, 'N');
    byName[key] = (byName[key] ?? 0) + ticks / TICKS;
  }
  return {
    code,
    seconds,
    cpuSeconds: (childrenCpuTicks() - cpu0) / TICKS,
    peakRssMB: Math.round(Math.max(0, ...curve.map((s) => s.rssMB))),
    curve,
    threads: byName,
    stdout,
    stderr,
  };
}

/** The RSS curve in a few lines: peak RSS in each of `buckets` equal slices of the run, with pages done by then. */
export function formatCurve(run: TreeRun, buckets = 10): string {
  if (run.curve.length === 0) return '  (no samples)';
  const lines: string[] = [];
  const span = run.seconds / buckets;
  for (let b = 0; b < buckets; b++) {
    const inB = run.curve.filter((s) => s.t >= b * span && s.t < (b + 1) * span);
    if (inB.length === 0) continue;
    const peak = Math.max(...inB.map((s) => s.rssMB));
    const pages = inB[inB.length - 1]!.pages;
    lines.push(`  ${(((b + 1) * span)).toFixed(0).padStart(5)} s  ${String(pages).padStart(5)} pages  ${peak.toFixed(0).padStart(5)} MB  ${'#'.repeat(Math.round(peak / 25))}`);
  }
  return lines.join('\n');
}

/** Thread CPU in descending order, e.g. "node 12.1 s, vips-N 3.2 s". */
export function formatThreads(run: TreeRun): string {
  return Object.entries(run.threads)
    .sort((a, b) => b[1] - a[1])
    .filter(([, s]) => s >= 0.05)
    .map(([n, s]) => `${n} ${s.toFixed(1)} s`)
    .join(', ');
}
