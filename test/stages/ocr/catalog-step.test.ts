import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import { TesseractPool } from '../../../src/adapters/tesseract/pool.js';
import { ingestInbox } from '../../../src/stages/ingest/index.js';
import { digitizeCatalogDocument } from '../../../src/stages/ocr/index.js';
import { cer } from '../../fixtures-gen/cer.js';
import { renderPage } from '../../fixtures-gen/render.js';
import { tempDir } from '../../helpers/cli.js';

let pool: TesseractPool;
beforeAll(async () => {
  pool = await TesseractPool.create({ size: 2 });
});
afterAll(async () => {
  await pool?.terminate();
});

describe('digitizeCatalogDocument', () => {
  it('takes ingested documents to stage pdf with page rows and word files, and rejects a low-dpi one with its reason', async () => {
    const root = tempDir();
    const inbox = path.join(root, 'inbox');
    const put = (rel: string, data: Buffer) => {
      const p = path.join(inbox, rel);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, data);
      utimesSync(p, Date.now() / 1000 - 600, Date.now() / 1000 - 600);
    };
    const p1 = await renderPage({ page: 1, dpi: 300, widthIn: 5, heightIn: 3.5, bodyLines: 2 });
    const p2 = await renderPage({ page: 2, dpi: 300, widthIn: 5, heightIn: 3.5, bodyLines: 2, format: 'jpeg' });
    const low = await renderPage({ page: 3, dpi: 120, widthIn: 5, heightIn: 3.5, bodyLines: 2 });
    put('842/HS-9/ho-so/to-khai_p1.png', p1.image);
    put('842/HS-9/ho-so/to-khai_p2.jpg', p2.image);
    put('842/HS-9/ket-qua/quyet-dinh.png', low.image);
    const workspace = path.join(root, 'ws');
    const catalog = openSqliteCatalog(workspace);
    try {
      await ingestInbox(catalog, inbox, { settleSeconds: 30 });
      const results = [];
      for (const doc of catalog.documents.pending('ingested')) results.push(await digitizeCatalogDocument(catalog, doc.id, pool, workspace));
      expect(results.map((r) => r.status)).toEqual(['done', 'rejected']);
      const [done, rejected] = results;
      const doc = catalog.documents.get(done!.documentId)!;
      expect([doc.stage, doc.status, doc.pageCount]).toEqual(['pdf', 'pending', 2]);
      expect(doc.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(existsSync(path.join(workspace, 'work', doc.uid, 'document.pdf'))).toBe(true);
      const pages = catalog.documents.pages(doc.id);
      expect(pages.map((p) => p.pageNo)).toEqual([1, 2]);
      expect(cer(pages[0]!.text, p1.text)).toBeLessThan(0.03);
      expect(pages[1]!.confidence).toBeGreaterThan(70);
      const words = JSON.parse(readFileSync(pages[0]!.wordsPath!, 'utf8')) as { words: unknown[] };
      expect(words.words.length).toBeGreaterThan(20);
      // Word confidences are kept in the catalog (migration 8), in reading order, same words as the JSON file.
      const catalogWords = catalog.documents.pageWords(doc.id, 1);
      expect(catalogWords.length).toBe(words.words.length);
      expect(catalogWords.every((w) => w.confidence >= 0 && w.confidence <= 100 && w.bbox.x1 > w.bbox.x0)).toBe(true);
      expect(catalogWords.map((w) => w.text).join(' ')).toBe((words.words as Array<{ text: string }>).map((w) => w.text).join(' '));
      expect(catalogWords.some((w) => w.confidence > 80)).toBe(true);
      expect(rejected).toMatchObject({ status: 'rejected', reason: 'low-dpi' });
      const bad = catalog.documents.get(rejected!.documentId)!;
      expect([bad.status, bad.reason]).toEqual(['rejected', 'low-dpi']);
      expect(catalog.documents.pending('ingested')).toHaveLength(0);
    } finally {
      catalog.close();
    }
  });
});
