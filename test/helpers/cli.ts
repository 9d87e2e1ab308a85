import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'sohoa.js');
/** The shared corpora; TEST_SHARED_DIR overrides it (work trees live one level deeper than main). */
export const SHARED = process.env.TEST_SHARED_DIR ?? path.resolve(ROOT, '..', 'shared');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `bin/sohoa.js` as a child process (run `npm run build` first; `npm test` does).
 * Human output is English here (SOHOA_LANG=en), so tests read the stable English texts; a test
 * of the Vietnamese default passes `env: { SOHOA_LANG: undefined }` (test/cli/lang.test.ts).
 */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, SOHOA_LANG: 'en', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export function tempDir(prefix = 'sohoa-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * For interop tests: true when a Debian tool is on PATH. In CI (CI=true) a missing tool is a
 * failure, not a skip; elsewhere the test skips with a message.
 */
export function requireTool(name: string): boolean {
  const found = (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, name)));
  if (!found) {
    if (process.env.CI) throw new Error(`${name} is required by the interop tests in CI but is not installed (see .ci/run)`);
    console.warn(`skipping: ${name} is not installed (apt-get install it; .ci/run does)`);
  }
  return found;
}
