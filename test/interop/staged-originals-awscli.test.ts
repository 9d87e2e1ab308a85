import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool, runCli, tempDir } from '../helpers/cli.js';
import { makeInbox } from '../helpers/inbox.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../helpers/s3rver.js';

const run = promisify(execFile);
// The Debian awscli; `aws` on PATH may be a pyenv shim.
const AWS = '/usr/bin/aws';
const haveAws = requireTool('aws') && existsSync(AWS);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** awscli, an independent S3 client, reads the originals `sohoa ingest` staged; fixity sees what awscli added. */
describe.runIf(haveAws)('staged originals interop with awscli (s3api) on s3rver', () => {
  let s3: TestS3;
  let dir: string;
  let ws: string;
  let hashes: string[];
  const env = () => ({
    ...process.env,
    ...S3RVER_ENV,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
    AWS_PAGER: '',
  });
  const aws = async (...args: string[]) => (await run(AWS, ['--endpoint-url', s3.endpoint, '--output', 'json', ...args], { env: env() })).stdout;
  const sohoa = (...args: string[]) =>
    runCli(['--workspace', ws, '--archive', 's3://interop/tra-vinh', '--s3-endpoint', s3.endpoint, ...args], {
      env: { ...S3RVER_ENV, SOHOA_ORIGINALS_STORE: 'object-store' },
    });
  const keyOf = (h: string) => `tra-vinh/_staging/originals/sha256/${h.slice(0, 2)}/${h}`;

  beforeAll(async () => {
    s3 = await startS3rver('interop');
    dir = tempDir('sohoa-staged-awscli-');
    ws = path.join(dir, 'ws');
    const inputs = await makeInbox(path.join(dir, 'inbox'), [
      { unit: '29236', dossier: 'AWS-001', part: 'ho-so', file: 'don.png', page: 1 },
      { unit: '842', dossier: 'AWS-002', part: 'ket-qua', file: 'qd.jpg', page: 3 },
    ]);
    hashes = inputs.map((f) => sha(readFileSync(f)));
    const r = await sohoa('ingest', path.join(dir, 'inbox'), '--settle-seconds', '0');
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => s3?.dispose());

  it('head-object shows x-amz-meta-sha256 and get-object returns bytes with that SHA-256', async () => {
    const listed = JSON.parse(await aws('s3api', 'list-objects-v2', '--bucket', 'interop', '--prefix', 'tra-vinh/_staging/')) as { Contents: Array<{ Key: string }> };
    expect(listed.Contents.map((o) => o.Key).sort()).toEqual(hashes.map(keyOf).sort());
    for (const h of hashes) {
      const head = JSON.parse(await aws('s3api', 'head-object', '--bucket', 'interop', '--key', keyOf(h))) as { Metadata: Record<string, string> };
      expect(head.Metadata.sha256).toBe(h);
      const out = path.join(dir, 'download', h);
      mkdirSync(path.dirname(out), { recursive: true });
      await aws('s3api', 'get-object', '--bucket', 'interop', '--key', keyOf(h), out);
      expect(sha(readFileSync(out))).toBe(h);
    }
  });

  it('fixity passes the known staged originals and flags one awscli put there as unexpected', async () => {
    const clean = await sohoa('fixity', '--json');
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout).counts).toMatchObject({ checked: 2, ok: 2, unexpected: 0 });

    const stray = path.join(dir, 'stray.bin');
    writeFileSync(stray, 'never ingested');
    const strayKey = keyOf(sha(readFileSync(stray)));
    await aws('s3api', 'put-object', '--bucket', 'interop', '--key', strayKey, '--body', stray);
    const r = await sohoa('fixity', '--json');
    expect(r.code).toBe(4);
    const report = JSON.parse(r.stdout) as { counts: { ok: number; unexpected: number }; findings: Array<{ key: string; status: string }> };
    expect(report.counts).toMatchObject({ ok: 2, unexpected: 1 });
    expect(report.findings).toEqual([expect.objectContaining({ key: strayKey.slice('tra-vinh/'.length), status: 'unexpected' })]);
  });
});
