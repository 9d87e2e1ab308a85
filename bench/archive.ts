import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './index.js';
import { fmt, runMeasured } from './util.js';

/**
 * Upload throughput of `sohoa archive put` (hash, HEAD, PUT with x-amz-checksum-sha256, HEAD to
 * confirm, sidecar, catalog) against `aws s3 cp --recursive` of the same files to the same local
 * s3rver, in the same run. Both are whole processes (start-up included); s3rver runs in a
 * process of its own so neither client shares its event loop.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/sohoa.js');
const AWS = '/usr/bin/aws';
const ENV = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
};

async function startServer(dir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const code = `
    const S3rver = require('s3rver');
    new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(dir)}, configureBuckets: [{ name: 'bench', configs: [] }] })
      .run().then((a) => console.log('PORT ' + a.port));`;
  const child = spawn(process.execPath, ['-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /PORT (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (c) => reject(new Error(`s3rver exited with ${c}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

function makeFiles(dir: string, count: number, bytes: number): string[] {
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: count }, (_, i) => {
    const f = path.join(dir, `doc-${String(i).padStart(4, '0')}.pdf`);
    writeFileSync(f, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes - 9)]));
    return f;
  });
}

async function measure(set: { name: string; count: number; bytes: number }, endpoint: string, tmp: string, round: number) {
  const dir = path.join(tmp, `${set.name}-files`);
  const files = makeFiles(dir, set.count, set.bytes);
  const totalMB = (set.count * set.bytes) / 1024 / 1024;
  const ws = path.join(tmp, `${set.name}-ws-${round}`);
  const sohoa = await runMeasured(
    process.execPath,
    [BIN, '--workspace', ws, '--archive', `s3://bench/sohoa-${set.name}-${round}`, '--s3-endpoint', endpoint, '--quiet',
      'archive', 'put', ...files, '--dossier', 'BENCH-0001', '--unit', '84', '--year', '2024', '--io-concurrency', '10'],
    { env: ENV },
  );
  if (sohoa.code !== 0) throw new Error(`sohoa archive put failed (${sohoa.code}): ${sohoa.stderr.slice(0, 500)}`);
  const aws = await runMeasured(AWS, ['--endpoint-url', endpoint, 's3', 'cp', '--recursive', '--only-show-errors', dir, `s3://bench/aws-${set.name}-${round}/`], {
    env: { ...ENV, AWS_CONFIG_FILE: path.join(tmp, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'none') },
  });
  if (aws.code !== 0) throw new Error(`aws s3 cp failed (${aws.code}): ${aws.stderr.slice(0, 500)}`);
  rmSync(dir, { recursive: true, force: true });
  return { totalMB, sohoa: sohoa.seconds, aws: aws.seconds, sohoaRss: sohoa.peakRssMB };
}

export const archiveBench: Benchmark = {
  name: 'archive',
  description: 'upload throughput to a local s3rver: sohoa archive put vs aws s3 cp --recursive (ratio ≥ 1.0 is the goal)',
  async run() {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-archive-'));
    const server = await startServer(path.join(tmp, 's3rver'));
    try {
      const sets = [
        { name: 'small', count: 200, bytes: 300 * 1024 },
        { name: 'large', count: 5, bytes: 40 * 1024 * 1024 },
      ];
      console.log('| files | total MB | sohoa s | sohoa MB/s | sohoa obj/s | aws s | aws MB/s | aws obj/s | ratio (aws s / sohoa s) | sohoa peak RSS MB |');
      console.log('|---|---|---|---|---|---|---|---|---|---|');
      for (const set of sets) {
        // Best of two rounds for each, alternating, to damp the noise of a shared machine.
        const rounds = [await measure(set, server.endpoint, tmp, 1), await measure(set, server.endpoint, tmp, 2)];
        const s = Math.min(...rounds.map((r) => r.sohoa));
        const a = Math.min(...rounds.map((r) => r.aws));
        const mb = rounds[0]!.totalMB;
        console.log(
          `| ${set.count} × ${fmt(set.bytes / 1024 / 1024, 2)} MB | ${fmt(mb)} | ${fmt(s, 2)} | ${fmt(mb / s)} | ${fmt(set.count / s)} | ${fmt(a, 2)} | ${fmt(mb / a)} | ${fmt(set.count / a)} | **${fmt(a / s, 2)}** | ${Math.max(...rounds.map((r) => r.sohoaRss))} |`,
        );
      }
      console.log(
        'sohoa hashes each PDF, writes it and its JSON sidecar (two objects per PDF, counted as one above), confirms each ' +
          '(by the reply\'s ETag or checksum, else a HEAD) and records them in the catalog; aws writes the PDFs only.',
      );
      console.log(`load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
    } finally {
      server.child.kill();
      rmSync(tmp, { recursive: true, force: true });
    }
  },
};
