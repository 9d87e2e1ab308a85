import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import { groupByStem, ingestInbox, pageStem } from '../../../src/stages/ingest/index.js';
import { encryptedPdfStub, multiPageTiff, pixelBombPng } from '../../fixtures-gen/files.js';
import { renderPage } from '../../fixtures-gen/render.js';
import { runCli, tempDir } from '../../helpers/cli.js';

let root: string;
let inbox: string;
let catalog: SqlCatalog;
let pagePng: Buffer;
let pageJpg: Buffer;

const OLD = Date.now() / 1000 - 3600;
/** Writes a file into the inbox with an mtime an hour ago (settled). */
function put(rel: string, data: Buffer | string, mtimeSec = OLD): string {
  const p = path.join(inbox, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, data);
  utimesSync(p, mtimeSec, mtimeSec);
  return p;
}

beforeEach(async () => {
  root = tempDir('sohoa-ingest-');
  inbox = path.join(root, 'inbox');
  mkdirSync(inbox);
  catalog = openSqliteCatalog(path.join(root, 'ws'));
  pagePng ??= (await renderPage({ dpi: 300, widthIn: 2, heightIn: 1, bodyLines: 0 })).image;
  pageJpg ??= (await renderPage({ page: 2, dpi: 300, widthIn: 2, heightIn: 1, bodyLines: 0, format: 'jpeg' })).image;
});
afterEach(() => catalog.close());

describe('page-stem grouping', () => {
  it('groups <name>_p<N> files into one document in numeric page order', () => {
    expect(pageStem('to-khai_p2.jpg')).toEqual({ name: 'to-khai', page: 2 });
    expect(pageStem('don-p10.png')).toEqual({ name: 'don', page: 10 });
    expect(pageStem('cccd_trang1.jpg')).toEqual({ name: 'cccd', page: 1 });
    expect(pageStem('quyet-dinh.pdf')).toBeUndefined();
    const groups = groupByStem(['/x/to-khai_p10.jpg', '/x/to-khai_p2.jpg', '/x/to-khai_p1.jpg', '/x/giay-phep.pdf']);
    expect(groups).toEqual([
      { name: 'giay-phep', files: ['/x/giay-phep.pdf'] },
      { name: 'to-khai', files: ['/x/to-khai_p1.jpg', '/x/to-khai_p2.jpg', '/x/to-khai_p10.jpg'] },
    ]);
  });
});

describe('ingestInbox', () => {
  it('registers the folder layout: units, dossiers, ho-so and ket-qua, page groups, multi-page TIFF', async () => {
    put('84001/000.00.84.H62-240101-0001/ho-so/to-khai_p1.png', pagePng);
    put('84001/000.00.84.H62-240101-0001/ho-so/to-khai_p2.jpg', pageJpg);
    put('84001/000.00.84.H62-240101-0001/ket-qua/giay-chung-nhan.tif', await multiPageTiff(3));
    put('84001/000.00.84.H62-240101-0001/ho-so/.scanner-temp.tmp', 'x');
    put('84001/stray.jpg', pageJpg);
    const res = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
    expect(res.layout).toBe('folders');
    expect(res.registered.map((d) => [d.part, d.name, d.files.length, d.pages])).toEqual([
      ['ho-so', 'to-khai', 2, 2],
      ['ket-qua', 'giay-chung-nhan', 1, 3],
    ]);
    expect(res.rejected).toEqual([]);
    expect(res.ignored.map((i) => path.basename(i.file))).toEqual(['stray.jpg']);
    const docs = catalog.documents.all();
    expect(docs.map((d) => [d.stage, d.status, d.unitCode, d.dossierCode])).toEqual([
      ['ingested', 'pending', '84001', '000.00.84.H62-240101-0001'],
      ['ingested', 'pending', '84001', '000.00.84.H62-240101-0001'],
    ]);
    expect(catalog.documents.inputFiles(docs[0]!.id).map((f) => path.basename(f))).toEqual(['to-khai_p1.png', 'to-khai_p2.jpg']);
    expect(catalog.documents.inputs().every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
    expect(catalog.dossiers.count()).toBe(1);
  });

  it('uses manifest.csv instead of the layout when present', async () => {
    put('scans/a1.png', pagePng);
    put('scans/a2.jpg', pageJpg);
    put('scans/kq.tif', await multiPageTiff(2));
    put('manifest.csv', 'file,unit_code,dossier_code,kind,document\nscans/a1.png,842,HS-1,ho-so,Đơn đề nghị\nscans/a2.jpg,842,HS-1,ho-so,Đơn đề nghị\nscans/kq.tif,842,HS-1,ket-qua,\n');
    const res = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
    expect(res.layout).toBe('manifest');
    expect(res.registered.map((d) => [d.part, d.name, d.files.map((f) => path.basename(f))])).toEqual([
      ['ho-so', 'Đơn đề nghị', ['a1.png', 'a2.jpg']],
      ['ket-qua', 'kq', ['kq.tif']],
    ]);
    expect(res.registered[0]!.uid).toMatch(/^hs-1-ho-so-don-de-nghi-[0-9a-f]{10}$/);
  });

  it('is a no-op for the same file again; the same content under another name is a document of its own, stored once', async () => {
    put('842/HS-2/ho-so/don.png', pagePng);
    const first = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
    expect(first.registered).toHaveLength(1);
    const again = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
    expect(again.registered).toHaveLength(0);
    expect(again.unchanged).toBe(1);
    put('842/HS-3/ho-so/don-copy.png', pagePng);
    const dup = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
    expect(dup.registered.map((d) => d.dossierCode)).toEqual(['HS-3']);
    expect(dup.shared).toEqual([{ file: path.join(inbox, '842/HS-3/ho-so/don-copy.png'), sameAs: path.join(inbox, '842/HS-2/ho-so/don.png') }]);
    expect(catalog.documents.all()).toHaveLength(2);
    expect(catalog.documents.inputs().map((i) => i.status)).toEqual(['registered', 'registered']);
    // a re-run reports nothing new
    const third = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
    expect([third.registered.length, third.shared.length, third.unchanged]).toEqual([0, 0, 2]);
  });

  it('leaves files younger than the settle time (a scanner may still be writing) for the next run, whole documents at once', async () => {
    put('842/HS-4/ho-so/to-khai_p1.png', pagePng);
    const fresh = put('842/HS-4/ho-so/to-khai_p2.jpg', pageJpg, Date.now() / 1000 - 2);
    const res = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
    expect(res.registered).toHaveLength(0);
    expect(res.waiting).toEqual([{ file: fresh, reason: expect.stringContaining('settle time') }]);
    expect(catalog.documents.all()).toHaveLength(0);
    const later = await ingestInbox(catalog, inbox, { settleSeconds: 30, now: () => Date.now() + 60_000 });
    expect(later.registered.map((d) => d.files.length)).toEqual([2]);
  });

  it('rejects bad inputs with the file and reason, records them, and still registers the good ones', async () => {
    const good = put('842/HS-5/ho-so/good.png', pagePng);
    const bad = {
      empty: put('842/HS-5/ho-so/empty.jpg', Buffer.alloc(0)),
      truncated: put('842/HS-5/ho-so/cut.jpg', pageJpg.subarray(0, Math.floor(pageJpg.length / 2))),
      html: put('842/HS-5/ho-so/page.jpg', '<!DOCTYPE html><html><body>404</body></html>'),
      encrypted: put('842/HS-5/ho-so/secret.pdf', encryptedPdfStub()),
      bomb: put('842/HS-5/ho-so/bomb.png', pixelBombPng()),
      tiff: put('842/HS-5/ho-so/broken.tif', (await multiPageTiff(3)).subarray(0, 3000)),
    };
    const before = Object.values(bad).map((f) => [readFileSync(f), statSync(f).mtimeMs] as const);
    const res = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
    expect(res.registered.map((d) => d.files)).toEqual([[good]]);
    const byFile = Object.fromEntries(res.rejected.map((r) => [r.file, r]));
    expect(byFile[bad.empty]!.reason).toBe('empty');
    expect(byFile[bad.truncated]!.reason).toBe('truncated');
    expect(byFile[bad.html]!.reason).toBe('bad-magic');
    expect(byFile[bad.encrypted]!.reason).toBe('encrypted');
    expect(byFile[bad.bomb]!.reason).toBe('too-large');
    expect(['corrupt', 'truncated']).toContain(byFile[bad.tiff]!.reason);
    for (const r of res.rejected) expect(r.message).toContain(r.file);
    // recorded in the catalog: input and document rejected with the reason
    const docs = catalog.documents.all();
    expect(docs.filter((d) => d.status === 'rejected')).toHaveLength(6);
    const inputs = catalog.documents.inputs();
    expect(inputs.find((i) => i.path === bad.encrypted)).toMatchObject({ status: 'rejected', reason: 'encrypted' });
    // inputs never modified
    Object.values(bad).forEach((f, i) => {
      expect(readFileSync(f).equals(before[i]![0])).toBe(true);
      expect(statSync(f).mtimeMs).toBe(before[i]![1]);
    });
  });
});

describe('sohoa ingest', () => {
  it('exits 2 when some inputs are rejected, after registering the rest, and names the bad file', async () => {
    put('842/HS-6/ho-so/ok.png', pagePng);
    put('842/HS-6/ho-so/bad.jpg', '<html>');
    const ws = path.join(root, 'cli-ws');
    const res = await runCli(['--workspace', ws, 'ingest', inbox, '--settle-seconds', '0']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('bad.jpg');
    expect(res.stdout).toContain('1 document(s) registered, 1 rejected');
    const again = await runCli(['--workspace', ws, '--json', 'ingest', inbox, '--settle-seconds', '0']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).unchanged).toBe(2);
  });
});
