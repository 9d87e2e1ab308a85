import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import { configSchema } from '../../src/config/schema.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { createDemoP12 } from '../../src/stages/sign/demo.js';
import { tempDir } from '../helpers/cli.js';
import { cli, seedOcrDone, validationText } from '../helpers/seed.js';

let ws: string;
let archiveDir: string;
let catalog: SqlCatalog;
const g = () => ['--workspace', ws, '--archive', `file://${archiveDir}`];

beforeAll(async () => {
  const dir = tempDir('sohoa-docs-');
  ws = path.join(dir, 'ws');
  archiveDir = path.join(dir, 'archive');
  const p12 = await createDemoP12(dir);
  catalog = await seedOcrDone(ws, [
    { uid: 'a1', dossier: 'D-1', unit: '29236', pages: [{ text: validationText('quyet-dinh'), confidence: 92 }] },
    { uid: 'a2', dossier: 'D-1', unit: '29236', pages: [{ text: 'lorem ipsum', confidence: 80 }] },
    { uid: 'b1', dossier: 'D-2', unit: '842', pages: [{ text: validationText('bien-lai'), confidence: 90 }] },
    { uid: 'b2', dossier: 'D-2', unit: '842', pages: [{ text: validationText('bien-lai'), confidence: 90 }] },
  ]);
  catalog.documents.reject(catalog.documents.byUid('b2')!.id, 'bad-magic', 'b2.png: a text file, not an image');
  const config = configSchema.parse({ workspace: ws, archive: `file://${archiveDir}`, sign: { p12: p12.p12Path, passphraseFile: p12.passphraseFile, agency: 'UBND xã Long Đức' } });
  await runPipeline({ catalog, config, steps: ['classify', 'sign', 'archive'], cpuConcurrency: 1, signal: new AbortController().signal, events: () => undefined });
});
afterAll(() => catalog?.close());

describe('sohoa documents list|show', () => {
  it('filters by status, dossier, unit and type', async () => {
    const uids = async (...a: string[]) => {
      const r = await cli([...g(), '--json', 'documents', 'list', ...a]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as Array<{ uid: string }>).map((d) => d.uid);
    };
    expect(await uids()).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(await uids('--status', 'archived')).toEqual(['a1', 'b1']);
    expect(await uids('--status', 'review')).toEqual(['a2']);
    expect(await uids('--status', 'rejected')).toEqual(['b2']);
    expect(await uids('--status', 'pending')).toEqual([]);
    expect(await uids('--dossier', 'D-2')).toEqual(['b1', 'b2']);
    expect(await uids('--unit', '29236', '--type', 'quyet-dinh')).toEqual(['a1']);
    const bad = await cli([...g(), 'documents', 'list', '--status', 'done']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Expected --status pending|review|rejected|archived|skipped, got "done"');
  });

  it('show prints the stages with times, the archive key, the checksums and the signature', async () => {
    const r = await cli([...g(), 'documents', 'show', 'a1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z {2}classified/);
    expect(r.stdout).toMatch(/ {2}signed\n/);
    expect(r.stdout).toMatch(/ {2}archived\n/);
    const j = JSON.parse((await cli([...g(), '--json', 'documents', 'show', '1'])).stdout);
    expect(j.archiveKey).toMatch(/D-1\/ho-so\/a1\.pdf$/);
    expect(r.stdout).toContain(j.archiveKey);
    expect(r.stdout).toContain(`sha256 ${j.inputs[0].sha256}`);
    expect(j.objects.map((o: { kind: string }) => o.kind)).toEqual(['document', 'sidecar']);
    expect(r.stdout).toContain(`sha256 ${j.objects[0].sha256}`);
    expect(j.signature).toMatchObject({ verdict: 'valid' });
    expect(r.stdout).toContain('Signature: valid');
    expect(r.stdout).toContain('DEMO - UBND xã Mẫu');
    const missing = await cli([...g(), 'documents', 'show', 'nope']);
    expect(missing.code).toBe(1);
  });

  it('show says a stored rejection in the run language when it reads exactly as a rejection text, else as stored', async () => {
    const before = await cli([...g(), 'documents', 'show', 'b2', '--lang', 'vi']);
    expect(before.stdout).toContain('bad-magic: b2.png: a text file, not an image'); // no catalogue text reads it
    const file = '/srv/inbox/842/D-2/ho-so/b2.png';
    const b2 = catalog.documents.byUid('b2')!;
    catalog.documents.reject(b2.id, 'bad-magic', `Expected a JPEG, PNG, TIFF or PDF in ${file}, got text (32 bytes)`);
    const vi = await cli([...g(), 'documents', 'show', 'b2', '--lang', 'vi']);
    expect(vi.stdout).toContain(`bad-magic: Tệp ${file} không phải JPEG, PNG, TIFF hay PDF: text (32 byte)`);
    const en = await cli([...g(), 'documents', 'show', 'b2']);
    expect(en.stdout).toContain(`bad-magic: Expected a JPEG, PNG, TIFF or PDF in ${file}, got text (32 bytes)`);
    expect(JSON.parse((await cli([...g(), '--json', 'documents', 'show', 'b2', '--lang', 'vi'])).stdout).message).toBe(`Expected a JPEG, PNG, TIFF or PDF in ${file}, got text (32 bytes)`);
  });
});

describe('sohoa status', () => {
  it('counts per status and stage, the review queue, rejections, the last run and the archive size', async () => {
    const r = await cli([...g(), '--json', 'status']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.byStatus).toEqual({ pending: 0, review: 1, rejected: 1, archived: 2, skipped: 0 });
    expect(s.review.oldest.map((d: { uid: string }) => d.uid)).toEqual(['a2']);
    expect(s.rejections.byReason).toEqual([{ reason: 'bad-magic', documents: 1 }]);
    expect(s.lastRun).toMatchObject({ command: 'run', exitCode: 0 });
    expect(s.archive).toHaveLength(1);
    expect(s.archive[0]).toMatchObject({ documents: 2, objects: 4 });
    expect(s.archive[0].bytes).toBeGreaterThan(1000);
    const text = await cli([...g(), 'status']);
    expect(text.stdout).toContain('Review queue: 1');
    expect(text.stdout).toMatch(/Last run: #\d+ run, .*exit code 0/);
  });
});
