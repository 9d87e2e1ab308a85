import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

/**
 * `--help` and `--version` must answer fast (issue 13: under 300 ms), so the command files import
 * only light things at the top and the heavy libraries load inside the actions. This checks which
 * modules load, not how long it takes (no timed tests): test/helpers/module-trace.mjs records them.
 */
const HEAVY = ['better-sqlite3', 'sharp', 'tesseract.js', '@aws-sdk', 'pdf-lib', 'pkijs', 'pdfjs-dist', '@napi-rs/canvas', 'exceljs', 'zod', 'csv-parse', 'cli-progress', 'p-queue', 'iconv-lite'];

function loadedPackages(args: string[]): { packages: Set<string>; files: string[]; status: number | null } {
  const trace = path.join(tempDir('sohoa-trace-'), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test/helpers/module-trace.mjs'), BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, MODULE_TRACE_FILE: trace },
    encoding: 'utf8',
  });
  const files = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(files.map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter((p): p is string => Boolean(p)));
  return { packages, files, status: r.status };
}

describe('start-up imports', () => {
  it('records what a command loads (the trace itself works)', () => {
    // `units list` on an empty workspace opens the catalog: better-sqlite3 must show up here.
    const { packages, status } = loadedPackages(['--workspace', path.join(tempDir('sohoa-trace-ws-'), 'ws'), 'units', 'list', '--json']);
    expect(status).toBe(0);
    expect(packages).toContain('better-sqlite3');
    expect(packages).toContain('zod');
  });

  for (const args of [['--help'], ['--version'], ['units', '--help'], ['help', 'run']]) {
    it(`loads none of the heavy libraries for sohoa ${args.join(' ')}`, () => {
      const { packages, files, status } = loadedPackages(args);
      expect(status).toBe(0);
      expect(files.some((f) => f.includes('commander')) || args[0] === '--version').toBe(true);
      expect(HEAVY.filter((p) => [...packages].some((q) => q === p || q.startsWith(`${p}/`)))).toEqual([]);
    });
  }
});
