import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/seed.js';

describe('operations', () => {
  it('a fatal error is a JSON log line with level, msg and time under --log-format json', async () => {
    const ws = path.join(tempDir('sohoa-ops-'), 'ws');
    const r = await cli(['--workspace', ws, '--log-format', 'json', 'documents', 'show', 'nope']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', msg: 'No document nope in the catalog', exitCode: 1, time: expect.any(String) });
    const plain = await cli(['--workspace', ws, 'documents', 'show', 'nope']);
    expect(plain.stderr).toContain('Error: No document nope in the catalog');
  });

  it('--s3-force-path-style is a global option, before the subcommand as well as after', async () => {
    const ws = path.join(tempDir('sohoa-ops-'), 'ws');
    const before = await cli(['--workspace', ws, '--s3-force-path-style', '--json', 'config', 'show']);
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ s3: { forcePathStyle: true } });
    const none = await cli(['--workspace', ws, '--json', 'config', 'show']);
    expect(JSON.parse(none.stdout)).toMatchObject({ s3: { forcePathStyle: false } });
  });
});
