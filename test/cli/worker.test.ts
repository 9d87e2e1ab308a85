import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

describe('sohoa worker', () => {
  it('refuses a single-machine (SQLite) catalog with a usage error that says what it needs', async () => {
    const ws = path.join(tempDir('sohoa-worker-'), 'ws');
    const r = await runCli(['--workspace', ws, 'worker', '--appearance', 'none']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/A worker needs a shared catalog \(PostgreSQL\); this one is .*catalog\.sqlite/);
    expect(r.stderr).toMatch(/catalog\.url|SOHOA_CATALOG_URL/);
  });

  it('is listed in the help with its exit codes', async () => {
    const r = await runCli(['worker', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/130/);
    expect(r.stdout).toMatch(/LISTEN\/NOTIFY/);
  });
});
