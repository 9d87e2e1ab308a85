import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SHARED } from './cli.js';

/** pyHanko runs from source on the machine's python3 (see its launcher's header); PYHANKO overrides the path. */
export const PYHANKO_PATH = process.env.PYHANKO ?? path.join(SHARED, 'tools/pyhanko/bin/pyhanko');
export const PYHANKO = existsSync(PYHANKO_PATH) ? PYHANKO_PATH : undefined;
if (!PYHANKO && process.env.CI) throw new Error(`pyHanko is required by the interop tests in CI (expected at ${PYHANKO_PATH})`);
if (!PYHANKO) console.warn(`skipping pyHanko checks: pyHanko is not at ${PYHANKO_PATH}`);

/** Runs a tool without blocking the event loop (the TSA and OCSP servers live in the test process). */
export function tool(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 16 << 20 }, (e, stdout, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` })),
  );
}
