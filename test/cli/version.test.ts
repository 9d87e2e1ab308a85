import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// --version answers before the commands load (main.ts); it must still say what commander said.
describe('sohoa --version and --help', () => {
  it('prints the package version for --version and -V, exit 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, `${version}\n`, '']);
    }
  });

  it('still lists every command under --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['demo', 'ingest', 'run', 'sign', 'verify', 'report']) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });
});
