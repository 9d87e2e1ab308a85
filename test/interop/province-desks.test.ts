/**
 * Issue 10, the two complaints a new user made with two workspaces pointed at one archive:
 * each report saw only its own catalog, and `fixity` in one workspace called the other's objects
 * "unexpected". With one shared PostgreSQL catalog: both desks import the same register (rows
 * updated, never duplicated), each desk runs its own inbox into the one bucket, and fixity from
 * either desk finds every object expected, while an object nobody recorded is still caught.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoP12 } from '../../src/stages/sign/demo.js';
import { renderPage } from '../fixtures-gen/render.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { requirePostgres, startPostgres, type PgServer } from '../helpers/postgres.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../helpers/s3rver.js';

const DESKS = [
  { name: 'desk-a', unit: '29236', dossiers: ['PA-001', 'PA-002'] },
  { name: 'desk-b', unit: '842', dossiers: ['PB-001', 'PB-002'] },
];
const HEADER = 'dossier_code,procedure_code,unit_code,agency,received_date,resolved_date,components_digitized,result_digitized';

describe.runIf(requirePostgres())('two desks on one PostgreSQL catalog and one bucket', () => {
  let pg: PgServer;
  let s3: TestS3;
  let url: string;
  let dir: string;
  let p12: { p12Path: string; passphraseFile: string };
  const sohoa = (desk: string, args: string[]) =>
    runCli(['--workspace', path.join(dir, desk), '--archive', 's3://province/tinh', '--s3-endpoint', s3.endpoint, ...args], {
      env: { ...S3RVER_ENV, ...pg.env(), SOHOA_CATALOG_URL: url, SOHOA_CLASSIFY_REVIEW_BELOW: '0', SOHOA_OCR_REVIEW_BELOW: '0' },
    });
  const json = <T>(stdout: string) => JSON.parse(stdout) as T;

  beforeAll(async () => {
    pg = (await startPostgres())!;
    url = await pg.createDatabase();
    s3 = await startS3rver('province');
    dir = tempDir('sohoa-desks-');
    p12 = await createDemoP12(path.join(dir, 'keys'));
    expect((await sohoa('admin', ['catalog', 'migrate'])).code).toBe(0);
    expect((await sohoa('admin', ['units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')])).code).toBe(0);
    for (const d of DESKS) {
      for (const [i, code] of d.dossiers.entries()) {
        const folder = path.join(dir, `inbox-${d.name}`, d.unit, code, 'ho-so');
        mkdirSync(folder, { recursive: true });
        writeFileSync(path.join(folder, 'don.png'), (await renderPage({ page: i + 1 + (d.name === 'desk-b' ? 10 : 0), dpi: 200, widthIn: 3, heightIn: 1.5, bodyLines: 2 })).image);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await s3?.dispose();
    await pg?.close();
  });

  it('imports one register from both desks as updates, not duplicates', async () => {
    const rows = DESKS.flatMap((d) => d.dossiers.map((c) => `${c},1.001193,${d.unit},UBND,2022-03-01,,0,0`));
    writeFileSync(path.join(dir, 'reg.csv'), [HEADER, ...rows].join('\n') + '\n');
    const a = await sohoa('desk-a', ['register', 'import', path.join(dir, 'reg.csv'), '--json']);
    expect(a.code, a.stderr).toBe(0);
    expect(json<{ inserted: number; updated: number }>(a.stdout)).toMatchObject({ inserted: 4, updated: 0 });
    // Desk B's export says one dossier was resolved since.
    writeFileSync(path.join(dir, 'reg.csv'), [HEADER, ...rows.map((r) => (r.startsWith('PB-002') ? r.replace('2022-03-01,,', '2022-03-01,2022-03-09,') : r))].join('\n') + '\n');
    const b = await sohoa('desk-b', ['register', 'import', path.join(dir, 'reg.csv'), '--json']);
    expect(b.code, b.stderr).toBe(0);
    expect(json<{ inserted: number; updated: number }>(b.stdout)).toMatchObject({ inserted: 0, updated: 4 });
    expect(await pg.psql(url, `SELECT count(*) FROM dossiers`)).toBe('4');
    expect(await pg.psql(url, `SELECT resolved_date FROM dossiers WHERE code = 'PB-002'`)).toBe('2022-03-09');
  });

  it('each desk archives into the one bucket, and fixity from either desk finds nothing unexpected', async () => {
    for (const d of DESKS) {
      const r = await sohoa(d.name, ['run', path.join(dir, `inbox-${d.name}`), '--settle-seconds', '0', '--p12', p12.p12Path, '--passphrase-file', p12.passphraseFile, '--agency', 'UBND', '--json']);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(await pg.psql(url, `SELECT count(*) FROM documents WHERE stage = 'archived'`)).toBe('4');
    for (const d of DESKS) {
      const f = await sohoa(d.name, ['fixity', '--json']);
      expect(f.code, f.stdout + f.stderr).toBe(0);
      const counts = json<{ counts: { checked: number; ok: number; unexpected: number } }>(f.stdout).counts;
      // Four documents and their sidecars, from both desks, plus the four staged originals.
      expect(counts).toMatchObject({ checked: 12, ok: 12, unexpected: 0 });
    }
    // An object no desk recorded is still caught.
    const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await client.send(new PutObjectCommand({ Bucket: 'province', Key: 'tinh/84/stray.pdf', Body: Buffer.from('%PDF-1.7 not ours') }));
    client.destroy();
    const f = await sohoa('desk-b', ['fixity', '--json']);
    expect(f.code).toBe(4);
    const report = json<{ counts: { unexpected: number }; findings: Array<{ key: string; status: string }> }>(f.stdout);
    expect(report.counts.unexpected).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ key: '84/stray.pdf', status: 'unexpected' })]);
  });

  it('the report from either desk counts both desks', async () => {
    const r = await sohoa('desk-a', ['report', '--from', '2022-01-01', '--to', '2022-12-31', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const text = r.stdout;
    for (const unit of ['29236', '842']) expect(text).toContain(unit);
    const out = JSON.parse(text) as { totals?: { received?: number } } & Record<string, unknown>;
    expect(JSON.stringify(out)).toMatch(/"received":\s*4\b/);
  });
});
