import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SHARED } from './cli.js';

/** pyHanko runs from source (see its launcher's header); from a work tree the shared folder is two levels up. */
export const PYHANKO = [process.env.PYHANKO, path.join(SHARED, 'tools/pyhanko/bin/pyhanko'), path.resolve(ROOT, '../../shared/tools/pyhanko/bin/pyhanko')].find(
  (p): p is string => !!p && existsSync(p),
);
if (!PYHANKO && process.env.CI) throw new Error('pyHanko is required by the interop tests in CI (../shared/tools/pyhanko)');

/** Runs a tool without blocking the event loop (the TSA and OCSP servers live in the test process). */
export function tool(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 16 << 20 }, (e, stdout, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` })),
  );
}
