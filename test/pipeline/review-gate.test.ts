import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { runPipeline } from '../../src/pipeline/run.js';
import type { RunSummary } from '../../src/pipeline/events.js';
import { createDemoP12 } from '../../src/stages/sign/demo.js';
import { tempDir } from '../helpers/cli.js';
import { cli, seedOcrDone, validationText } from '../helpers/seed.js';
import type { SqlCatalog } from '../../src/adapters/sql/catalog.js';

/**
 * The review gate on real classify, sign and archive steps (a folder archive): documents the
 * machine is unsure of wait in `review` while the rest are signed and archived; a decision
 * releases them; a decision on an archived document writes a new sidecar version and fixity agrees.
 */
let ws: string;
let archiveDir: string;
let catalog: SqlCatalog;
let p12: { p12Path: string; passphraseFile: string };

const config = () =>
  configSchema.parse({
    workspace: ws,
    archive: `file://${archiveDir}`,
    sign: { p12: p12.p12Path, passphraseFile: p12.passphraseFile, agency: 'UBND xã Long Đức' },
  });

async function run(): Promise<RunSummary> {
  const res = await runPipeline({
    catalog,
    config: config(),
    steps: ['classify', 'sign', 'archive'],
    cpuConcurrency: 1,
    signal: new AbortController().signal,
    events: () => undefined,
  });
  if ('dryRun' in res) throw new Error('unexpected dry run');
  return res.summary;
}

const status = (uid: string) => catalog.documents.byUid(uid)!;
const globals = () => ['--workspace', ws, '--archive', `file://${archiveDir}`];

beforeAll(async () => {
  const dir = tempDir('sohoa-review-');
  ws = path.join(dir, 'ws');
  archiveDir = path.join(dir, 'archive');
  p12 = await createDemoP12(dir);
  catalog = await seedOcrDone(ws, [
    { uid: 'clear', dossier: 'R-1', pages: [{ text: validationText('quyet-dinh'), confidence: 91 }] },
    { uid: 'unsure-type', dossier: 'R-1', pages: [{ text: 'lorem ipsum dolor sit amet\nconsectetur adipiscing', confidence: 88 }] },
    { uid: 'faint', dossier: 'R-2', pages: [{ text: validationText('bien-lai'), confidence: 90 }, { text: validationText('bien-lai', '1-ocr-light.txt'), confidence: 41 }] },
    { uid: 'blank', dossier: 'R-2', pages: [{ text: '', confidence: 0, blank: true }] },
  ]);
});
afterAll(() => catalog?.close());

describe('the review gate', () => {
  it('holds low-confidence and blank documents out of signing while the others are archived', async () => {
    const s = await run();
    expect(s.documents).toMatchObject({ total: 4, done: 1, review: 3, rejected: 0, pending: 0 });
    expect(s.exitCode).toBe(0);
    expect(status('clear')).toMatchObject({ stage: 'archived' });
    for (const uid of ['unsure-type', 'faint', 'blank']) {
      expect(status(uid)).toMatchObject({ stage: 'classified', status: 'review' });
      expect(existsSync(path.join(ws, 'work', uid, 'signed.pdf')), uid).toBe(false);
      expect(catalog.archive.findDocument(storeUrl(), uid), uid).toBeUndefined();
    }
    const reasons = Object.fromEntries(catalog.review.queue().map((d) => [d.uid, d.reasons]));
    expect(reasons['unsure-type']![0]).toMatch(/^type-confidence 0\.\d+ < 0\.6$/);
    expect(reasons['faint']).toEqual(['ocr-confidence page 2: 0.41 < 0.85']);
    expect(reasons['blank']).toContain('all-pages-blank');
    expect(s.review.map((r) => r.document).sort()).toEqual(['blank', 'faint', 'unsure-type']);
  });

  it('a second run leaves the held documents alone', async () => {
    const s = await run();
    expect(s.documents.total).toBe(0);
    expect(status('faint').status).toBe('review');
  });

  it('review list shows the queue with reasons; accept and set release a document to the next run', async () => {
    const list = await cli([...globals(), '--json', 'review', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ uid: string }>).map((d) => d.uid).sort()).toEqual(['blank', 'faint', 'unsure-type']);

    const acc = await cli([...globals(), 'review', 'accept', 'faint', '--note', 'checked against the paper']);
    expect(acc.code, acc.stderr).toBe(0);
    expect(acc.stdout).toContain('next `sohoa run`');
    const set = await cli([...globals(), 'review', 'set', 'unsure-type', 'bien-lai']);
    expect(set.code, set.stderr).toBe(0);
    expect(status('faint').status).toBe('pending');

    const s = await run();
    expect(s.documents).toMatchObject({ total: 2, done: 2, review: 0 });
    expect(status('faint').stage).toBe('archived');
    expect(status('unsure-type').stage).toBe('archived');
    expect(status('blank')).toMatchObject({ stage: 'classified', status: 'review' });
    const side = JSON.parse(readFileSync(path.join(archiveDir, sidecarOf('unsure-type')), 'utf8'));
    expect(side.document.docType).toBe('bien-lai');
  });
});

const storeUrl = () => pathToFileURL(archiveDir).href;
const sidecarOf = (uid: string, version = 1) => catalog.archive.sidecars(storeUrl(), uid).find((o) => (o.version ?? 1) === version)!.key;

describe('a decision on an archived document', () => {
  it('writes a new sidecar version, keeps the old one, and fixity passes', async () => {
    const v1Key = sidecarOf('clear');
    const v1 = readFileSync(path.join(archiveDir, v1Key));
    expect(JSON.parse(v1.toString()).document.docType).toBe('quyet-dinh');

    const set = await cli([...globals(), '--json', 'review', 'set', 'clear', 'cong-van', '--reviewer', 'Văn thư']);
    expect(set.code, set.stderr).toBe(0);
    const out = JSON.parse(set.stdout) as { sidecar: { key: string; version: number } };
    expect(out.sidecar).toMatchObject({ version: 2, key: v1Key.replace(/\.json$/, '.v2.json') });

    expect(readFileSync(path.join(archiveDir, v1Key)).equals(v1)).toBe(true); // never overwritten
    const v2 = JSON.parse(readFileSync(path.join(archiveDir, out.sidecar.key), 'utf8'));
    expect(v2).toMatchObject({
      sidecarVersion: 2,
      supersedes: v1Key,
      document: { docType: 'cong-van' },
      review: { action: 'set', machine: { type: 'quyet-dinh' } },
      object: JSON.parse(v1.toString()).object,
    });
    expect(JSON.stringify(v2)).not.toContain('Văn thư'); // the reviewer's name stays in the catalog
    expect(catalog.classifications.get('clear')!.type).toBe('cong-van');
    expect(catalog.db.prepare('SELECT sidecar_outdated FROM documents WHERE uid = ?').pluck().get('clear')).toBe(0);

    // A second decision makes version 3; both earlier versions stay.
    const acc = await cli([...globals(), '--json', 'review', 'accept', 'clear']);
    expect(acc.code, acc.stderr).toBe(0);
    expect(catalog.archive.sidecars(storeUrl(), 'clear').map((o) => o.version)).toEqual([1, 2, 3]);

    const fix = await cli([...globals(), '--json', 'fixity', '--all']);
    expect(fix.code, fix.stdout + fix.stderr).toBe(0);
    expect(JSON.parse(fix.stdout)).toMatchObject({ status: 'passed', counts: { missing: 0, corrupt: 0, unexpected: 0 } });
  });

  it('fixity notices a sidecar version that no longer describes its PDF', async () => {
    const key = sidecarOf('clear', 2);
    const file = path.join(archiveDir, key);
    const good = readFileSync(file);
    const { writeFileSync } = await import('node:fs');
    try {
      const bad = JSON.parse(good.toString());
      bad.object.sha256 = '0'.repeat(64);
      writeFileSync(file, JSON.stringify(bad));
      const fix = await cli([...globals(), '--json', 'fixity', '--all']);
      expect(fix.code).not.toBe(0);
      expect(JSON.stringify(JSON.parse(fix.stdout).findings)).toContain(key);
    } finally {
      writeFileSync(file, good);
    }
  });

  it('a decision the archive could not take is written by the next run', async () => {
    // Decide with an archive that is not reachable: the decision stands, the sidecar waits.
    const set = await cli(['--workspace', ws, '--archive', 's3://nowhere/x', '--s3-endpoint', 'http://127.0.0.1:9', 'review', 'set', 'faint', 'giay-phep']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('next `sohoa run`');
    expect(catalog.db.prepare('SELECT sidecar_outdated FROM documents WHERE uid = ?').pluck().get('faint')).toBe(1);
    const s = await run();
    expect(s.sidecarVersions).toBe(1);
    expect(JSON.parse(readFileSync(path.join(archiveDir, sidecarOf('faint', 2)), 'utf8')).document.docType).toBe('giay-phep');
  });

  it('review ocr sends a held document back to OCR, and refuses an archived one', async () => {
    const back = await cli([...globals(), 'review', 'ocr', 'blank']);
    expect(back.code, back.stderr).toBe(0);
    expect(status('blank')).toMatchObject({ stage: 'ingested', status: 'pending' });
    const refused = await cli([...globals(), 'review', 'ocr', 'clear']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Expected a document waiting in review for review ocr, got document clear in status pending');
  });
});
