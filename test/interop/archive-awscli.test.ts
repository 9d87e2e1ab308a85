import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestFile } from '../../src/adapters/store/hash.js';
import { requireTool, runCli, tempDir } from '../helpers/cli.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../helpers/s3rver.js';
import { fakePdf } from '../stages/archive/fixtures.js';

const run = promisify(execFile);
// The Debian awscli; `aws` on PATH may be a pyenv shim.
const AWS = '/usr/bin/aws';
const haveAws = requireTool('aws') && existsSync(AWS);

/** awscli, an independent S3 client, reads back what sohoa wrote, and sohoa sees what awscli wrote. */
describe.runIf(haveAws)('archive interop with awscli (s3api) on s3rver', () => {
  let s3: TestS3;
  let dir: string;
  let ws: string;
  const env = () => ({
    ...process.env,
    ...S3RVER_ENV,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
    AWS_PAGER: '',
  });
  const aws = async (...args: string[]) => (await run(AWS, ['--endpoint-url', s3.endpoint, '--output', 'json', ...args], { env: env() })).stdout;
  const catalogRows = () => {
    const db = new Database(path.join(ws, 'catalog.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT key, sha256, size FROM archived_objects ORDER BY key').all() as Array<{ key: string; sha256: string; size: number }>;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    s3 = await startS3rver('interop');
    dir = tempDir('sohoa-awscli-');
    ws = path.join(dir, 'ws');
    const files = [fakePdf(dir, 'a-1.pdf', 200), fakePdf(dir, 'a-2.pdf', 300), fakePdf(dir, 'big.pdf', 7 * 1024)];
    const r = await runCli(
      ['--workspace', ws, '--archive', 's3://interop/tra-vinh', '--s3-endpoint', s3.endpoint, 'archive', 'put', ...files,
        '--dossier', '000.00.12.H59-240101-0001', '--unit', '84', '--year', '2024', '--part', 'ket-qua', '--multipart-threshold-mb', '5'],
      { env: S3RVER_ENV },
    );
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => s3?.dispose());

  it('lists exactly the objects the catalog records', async () => {
    const listed = JSON.parse(await aws('s3api', 'list-objects-v2', '--bucket', 'interop', '--prefix', 'tra-vinh/')) as {
      Contents: Array<{ Key: string; Size: number }>;
    };
    const rows = catalogRows();
    expect(rows).toHaveLength(6);
    expect(listed.Contents.map((o) => [o.Key, o.Size]).sort()).toEqual(rows.map((r) => [`tra-vinh/${r.key}`, r.size]).sort());
  });

  it('downloads bytes that hash to the catalog SHA-256, with x-amz-meta-sha256 on every object', async () => {
    for (const row of catalogRows()) {
      const out = path.join(dir, 'download', row.key);
      const { mkdirSync } = await import('node:fs');
      mkdirSync(path.dirname(out), { recursive: true });
      const got = JSON.parse(await aws('s3api', 'get-object', '--bucket', 'interop', '--key', `tra-vinh/${row.key}`, out)) as {
        Metadata: Record<string, string>;
        ContentLength: number;
      };
      expect((await digestFile(out)).sha256).toBe(row.sha256);
      expect(got.Metadata.sha256).toBe(row.sha256);
      expect(got.ContentLength).toBe(row.size);
    }
  });

  it('sohoa fixity reports an object awscli put under the prefix as unexpected', async () => {
    const stray = fakePdf(dir, 'stray.pdf', 2);
    await aws('s3api', 'put-object', '--bucket', 'interop', '--key', 'tra-vinh/84/x/x/2024/stray.pdf', '--body', stray);
    const r = await runCli(['--workspace', ws, '--archive', 's3://interop/tra-vinh', '--s3-endpoint', s3.endpoint, 'fixity', '--json'], { env: S3RVER_ENV });
    expect(r.code).toBe(4);
    const report = JSON.parse(r.stdout) as { counts: { ok: number; unexpected: number }; findings: Array<{ key: string; status: string }> };
    expect(report.counts).toMatchObject({ ok: 6, unexpected: 1 });
    expect(report.findings).toEqual([expect.objectContaining({ key: '84/x/x/2024/stray.pdf', status: 'unexpected' })]);
  });
});
