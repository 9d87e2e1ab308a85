import { execFile } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './cli.js';

export interface ClaimerRun {
  /** Resolves once the process is connected and waits for the go file. */
  ready: Promise<void>;
  result: Promise<{ done: number[]; claims: number; ms: number; cpuMs: number }>;
}

/**
 * Starts test/helpers/claimer.ts (a worker reduced to its leases) in its own process. All of a
 * round start claiming when `go` is written, after every one is `ready`.
 */
export function startClaimer(env: Record<string, string>, url: string, name: string, batch: number, go: string): ClaimerRun {
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const result = new Promise<{ done: number[]; claims: number; ms: number; cpuMs: number }>((resolve, reject) => {
    const child = execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/helpers/claimer.ts'), url, name, String(batch), go], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 600_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${name}: ${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
    child.stderr!.on('data', (d: Buffer) => d.toString().includes('ready') && ready());
  });
  return { ready: isReady, result };
}
