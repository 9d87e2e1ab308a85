/**
 * Issue 16, case 7 (end to end): blank pages are reported and not counted, work folders go once
 * a document is archived, and wrong S3 credentials stop the run before any OCR.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import { createDemoP12 } from '../../src/stages/sign/demo.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { makeInbox } from '../helpers/inbox.js';
import { S3RVER_ENV, startS3rver, type TestS3 } from '../helpers/s3rver.js';

/** A blank A5 sheet at 200 dpi as a scanner sees it: off-white paper with grain, no ink. */
async function blankScan(): Promise<Buffer> {
  const w = 1165;
  const h = 1654;
  const px = Buffer.alloc(w * h);
  let seed = 7;
  for (let i = 0; i < px.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    px[i] = 228 + (seed % 24);
  }
  return sharp(px, { raw: { width: w, height: h, channels: 1 } }).withMetadata({ density: 200 }).png().toBuffer();
}

let dir: string;
let p12: { p12Path: string; passphraseFile: string };
beforeAll(async () => {
  dir = tempDir('sohoa-housekeeping-');
  p12 = await createDemoP12(path.join(dir, 'keys'));
});

async function workspace(register: string): Promise<string> {
  const ws = path.join(tempDir('sohoa-hk-ws-'), 'ws');
  expect((await runCli(['--workspace', ws, 'units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')])).code).toBe(0);
  const reg = path.join(path.dirname(ws), 'reg.csv');
  writeFileSync(reg, 'dossier_code,procedure_code,unit_code,agency,received_date,resolved_date,components_digitized,result_digitized\n' + register);
  expect((await runCli(['--workspace', ws, 'register', 'import', reg])).code).toBe(0);
  return ws;
}

const signArgs = () => ['--p12', p12.p12Path, '--passphrase-file', p12.passphraseFile, '--agency', 'UBND Phường 4'];
const events = (stderr: string) => stderr.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

describe('blank pages and work folders', { timeout: 600_000 }, () => {
  it('reports a blank page, does not count an all-blank dossier as digitized, and removes work folders once archived', async () => {
    const ws = await workspace('BLANK-001,1.001193,29236,UBND Phường 4,2022-03-01,,0,0\nE2E-001,1.001193,29236,UBND Phường 4,2022-03-01,,0,0\n');
    const inbox = path.join(dir, 'inbox');
    await makeInbox(inbox, [{ unit: '29236', dossier: 'E2E-001', part: 'ho-so', file: 'don.png', page: 1 }]);
    mkdirSync(path.join(inbox, '29236', 'BLANK-001', 'ho-so'), { recursive: true });
    writeFileSync(path.join(inbox, '29236', 'BLANK-001', 'ho-so', 'trang-trang.png'), await blankScan());

    const r = await runCli(['--workspace', ws, '--log-format', 'json', 'run', inbox, '--settle-seconds', '0', ...signArgs()]);
    expect([0, 2], r.stderr).toContain(r.code);
    const summary = events(r.stderr).find((e) => e.event === 'summary');
    expect(summary, r.stderr).toBeDefined();
    const s = summary.summary ?? summary;
    expect(s.pages.blank).toBe(1);
    expect(s.blankPages).toEqual([expect.objectContaining({ pages: [1], all: true })]);

    // Only the dossier with real content counts as digitized.
    const rep = JSON.parse((await runCli(['--workspace', ws, 'report', '--format', 'json'])).stdout);
    const commune = rep.rows.find((row: { code: string }) => row.code === '29236');
    expect(commune.own).toMatchObject({ received: 2, componentsDigitized: 1 });

    // No work folder is left for an archived document (a document waiting elsewhere keeps its own).
    const catalog = openSqliteCatalog(ws);
    const docs = catalog.documents.all();
    catalog.close();
    const archived = docs.filter((d) => d.stage === 'archived');
    expect(archived.length).toBeGreaterThan(0);
    for (const d of archived) expect(existsSync(path.join(ws, 'work', d.uid)), d.uid).toBe(false);

    // keepWorkFiles keeps them.
    const ws2 = await workspace('E2E-001,1.001193,29236,UBND Phường 4,2022-03-01,,0,0\n');
    const r2 = await runCli(['--workspace', ws2, 'run', inbox, '--settle-seconds', '0', ...signArgs()], { env: { SOHOA_KEEP_WORK_FILES: 'true' } });
    expect([0, 2], r2.stderr).toContain(r2.code);
    const cat2 = openSqliteCatalog(ws2);
    const kept = cat2.documents.all().filter((d) => d.stage === 'archived');
    cat2.close();
    expect(kept.length).toBeGreaterThan(0);
    for (const d of kept) expect(readdirSync(path.join(ws2, 'work', d.uid)).length).toBeGreaterThan(0);
  });
});

describe('storage checked before any OCR', { timeout: 300_000 }, () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3rver('archive');
  });
  afterAll(async () => s3?.dispose());

  it('wrong S3 credentials: exit 5 with a credentials hint, and no document was OCRed', async () => {
    const ws = await workspace('E2E-001,1.001193,29236,UBND Phường 4,2022-03-01,,0,0\n');
    const inbox = path.join(dir, 'inbox-s3');
    await makeInbox(inbox, [{ unit: '29236', dossier: 'E2E-001', part: 'ho-so', file: 'don.png', page: 1 }]);
    const r = await runCli(
      ['--workspace', ws, '--archive', 's3://archive/x', '--s3-endpoint', s3.endpoint, 'run', inbox, '--settle-seconds', '0', '--s3-force-path-style', ...signArgs()],
      { env: { ...S3RVER_ENV, AWS_ACCESS_KEY_ID: 'WRONGKEY', AWS_SECRET_ACCESS_KEY: 'wrong-secret' } },
    );
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/HTTP 403/);
    expect(r.stderr).toMatch(/AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY or the profile/);
    expect(r.stderr).not.toContain('wrong-secret');
    const catalog = openSqliteCatalog(ws);
    const pages = catalog.db.prepare('SELECT count(*) FROM pages').pluck().get();
    const moved = catalog.documents.all().filter((d) => d.stage !== 'ingested');
    catalog.close();
    expect(pages).toBe(0);
    expect(moved).toEqual([]);
    expect(existsSync(path.join(ws, 'work'))).toBe(false);
    // The right credentials go through the same probe and on.
    const ok = await runCli(['--workspace', ws, '--archive', 's3://archive/x', '--s3-endpoint', s3.endpoint, 'run', '--s3-force-path-style', ...signArgs()], {
      env: S3RVER_ENV,
    });
    expect(ok.code, ok.stderr).toBe(0);
    const stored = readdirSync(path.join(s3.dir, 'archive'), { recursive: true }).map(String);
    expect(stored.filter((f) => f.includes('sohoa-probe'))).toEqual([]);
  });
});
