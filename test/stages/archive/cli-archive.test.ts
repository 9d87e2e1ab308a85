import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestFile } from '../../../src/adapters/store/hash.js';
import { runCli, tempDir } from '../../helpers/cli.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../../helpers/s3rver.js';
import { fakePdf } from './fixtures.js';

/** `sohoa archive …` and `sohoa fixity` end to end: the built CLI against a real s3rver. */
describe('archive and fixity commands (CLI, s3rver)', () => {
  let s3: TestS3;
  let dir: string;
  let ws: string;
  const archived = (db: string) => {
    const d = new Database(db, { readonly: true });
    try {
      return d.prepare('SELECT key, sha256 FROM archived_objects ORDER BY key').all() as Array<{ key: string; sha256: string }>;
    } finally {
      d.close();
    }
  };
  const cli = (args: string[]) =>
    runCli(['--workspace', ws, '--archive', 's3://cli/tv', '--s3-endpoint', s3.endpoint, ...args], { env: S3RVER_ENV });

  beforeAll(async () => {
    s3 = await startS3rver('cli');
    dir = tempDir('sohoa-cli-archive-');
    ws = path.join(dir, 'ws');
  });
  afterAll(() => s3.dispose());

  it('server stopped during a multipart upload: exit 5, nothing marked archived; the re-run completes', async () => {
    const big = fakePdf(dir, 'big-1.pdf', 12 * 1024);
    const args = ['archive', 'put', big, '--dossier', 'D-0001', '--unit', '84', '--year', '2024', '--multipart-threshold-mb', '5'];
    const stopped = s3.stopOn(/^PUT .*partNumber=2/);
    const failed = await cli(args);
    await stopped;
    expect(failed.code, failed.stderr).toBe(5);
    expect(failed.stderr).toMatch(/multipart upload on s3:\/\/cli\/tv\/84\/x\/x\/2024\/D-0001\/ho-so\/big-1\.pdf failed/);
    expect(archived(path.join(ws, 'catalog.sqlite'))).toEqual([]);
    expect(existsSync(s3.objectPath('tv/84/x/x/2024/D-0001/ho-so/big-1.pdf'))).toBe(false);

    await s3.restart();
    const ok = await cli([...args, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout) as { uploaded: number; results: Array<{ key: string; multipart: boolean; sha256: string }> };
    const d = await digestFile(big);
    expect(out.uploaded).toBe(1);
    expect(out.results[0]).toMatchObject({ key: '84/x/x/2024/D-0001/ho-so/big-1.pdf', multipart: true, sha256: d.sha256 });
    expect(archived(path.join(ws, 'catalog.sqlite'))).toEqual([
      { key: '84/x/x/2024/D-0001/ho-so/big-1.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown as string },
      { key: '84/x/x/2024/D-0001/ho-so/big-1.pdf', sha256: d.sha256 },
    ]);

    const again = await cli(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 uploaded, 1 already archived, 0 failed/);
    const db = new Database(path.join(ws, 'catalog.sqlite'), { readonly: true });
    expect(db.prepare('SELECT sohoa_components, sohoa_archived FROM dossiers WHERE code = ?').get('D-0001')).toEqual({ sohoa_components: 1, sohoa_archived: 1 });
    db.close();
  });

  it('a different file at the same key is a conflict: exit 5, no overwrite', async () => {
    const big = path.join(dir, 'big-1.pdf');
    const before = readFileSync(s3.objectPath('tv/84/x/x/2024/D-0001/ho-so/big-1.pdf'));
    writeFileSync(big, Buffer.concat([readFileSync(big), Buffer.from('x')]));
    const r = await cli(['archive', 'put', big, '--dossier', 'D-0001', '--unit', '84', '--year', '2024']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/not overwriting/);
    expect(readFileSync(s3.objectPath('tv/84/x/x/2024/D-0001/ho-so/big-1.pdf')).equals(before)).toBe(true);
  });

  it('fixity passes, then finds an object corrupted and one deleted behind the server\'s back (exit 4)', async () => {
    const small = fakePdf(dir, 'small-1.pdf', 30);
    expect((await cli(['archive', 'put', small, '--dossier', 'D-0002', '--unit', '84', '--year', '2024'])).code).toBe(0);
    const pass = await cli(['fixity']);
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stdout).toMatch(/4 checked, 4 ok, 0 missing, 0 corrupt, 0 unexpected/);

    const f = s3.objectPath('tv/84/x/x/2024/D-0002/ho-so/small-1.pdf');
    const bytes = readFileSync(f);
    bytes[50] = bytes[50]! ^ 1;
    writeFileSync(f, bytes);
    rmSync(s3.objectPath('tv/84/x/x/2024/D-0001/ho-so/big-1.json'));
    const fail = await cli(['fixity', '--json']);
    expect(fail.code).toBe(4);
    const report = JSON.parse(fail.stdout) as { status: string; findings: Array<{ key: string; status: string }> };
    expect(report.status).toBe('failed');
    expect(report.findings.map((x) => [x.key, x.status])).toEqual([
      ['84/x/x/2024/D-0001/ho-so/big-1.json', 'missing'],
      ['84/x/x/2024/D-0001/ho-so/big-1.pdf', 'corrupt'], // its sidecar is gone
      ['84/x/x/2024/D-0002/ho-so/small-1.pdf', 'corrupt'],
    ]);
  });

  it('retention on a server without Object Lock is a clear error (exit 3), never ignored', async () => {
    const f = fakePdf(dir, 'locked-1.pdf', 5);
    const r = await cli(['archive', 'put', f, '--dossier', 'D-0003', '--retention-mode', 'COMPLIANCE', '--retention-days', '3650']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/does not support Object Lock/);
    expect(existsSync(s3.objectPath('tv/x/x/x/' + new Date().getFullYear() + '/D-0003/ho-so/locked-1.pdf'))).toBe(false);
  });

  it('cleanup says when the server cannot list multipart uploads (exit 5); a file archive has none', async () => {
    const r = await cli(['archive', 'cleanup']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/cannot list multipart uploads/);
    const local = await runCli(['--workspace', ws, 'fixity', '--cleanup', '--json']);
    expect(local.code).toBe(0);
    expect(JSON.parse(local.stdout)).toMatchObject({ found: 0, aborted: [] });
  });
});
