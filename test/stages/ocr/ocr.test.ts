import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TesseractPool } from '../../../src/adapters/tesseract/pool.js';
import { InputRejectedError } from '../../../src/errors.js';
import { digitizeDocument, ocrDocument } from '../../../src/stages/ocr/index.js';
import { preprocessDocument } from '../../../src/stages/preprocess/index.js';
import { cer, levenshtein } from '../../fixtures-gen/cer.js';
import { renderPage } from '../../fixtures-gen/render.js';

let dir: string;
let pool: TesseractPool;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-ocr-'));
  pool = await TesseractPool.create({ size: 2, lang: 'vie+eng', recycleAfter: 100 });
});
afterAll(async () => {
  await pool?.terminate();
});

describe('CER helpers', () => {
  it('counts edits over code points', () => {
    expect(levenshtein('Nghị định', 'Nghị định')).toBe(0);
    expect(levenshtein('Nghi dinh', 'Nghị định')).toBe(3);
    expect(cer('Quyết  định\n', 'Quyết định')).toBe(0);
    // decomposed and composed forms of the same text are equal after NFC
    expect(cer('Việt'.normalize('NFD'), 'Việt')).toBe(0);
  });
});

describe('OCR of generated Vietnamese administrative pages', () => {
  const measured: Record<string, number> = {};

  it('reads 300 dpi pages (skewed, noisy; grey and colour) with a CER of at most 1%', async () => {
    const specs = [
      { page: 1, dpi: 300, rotateDeg: 1.2 },
      { page: 2, dpi: 300, rotateDeg: -0.8, colour: true, format: 'jpeg' as const },
    ];
    const rendered = await Promise.all(specs.map((s) => renderPage(s)));
    const files = rendered.map((r, i) => {
      const f = path.join(dir, `p300-${i}.${specs[i]!.format ?? 'png'}`);
      writeFileSync(f, r.image);
      return f;
    });
    const pages = await preprocessDocument(files, path.join(dir, 'w300'));
    const { ocr } = await ocrDocument(pool, pages);
    const truth = rendered.map((r) => r.text).join('\n');
    const got = ocr.map((o) => o.text).join('\n');
    measured['300'] = cer(got, truth);
    console.log(`CER at 300 dpi: ${(measured['300'] * 100).toFixed(2)}% (per page: ${ocr.map((o, i) => (cer(o.text, rendered[i]!.text) * 100).toFixed(2) + '%').join(', ')})`);
    expect(measured['300']).toBeLessThanOrEqual(0.01);
    expect(ocr.every((o) => o.words.length > 50 && o.confidence > 80)).toBe(true);
    expect(ocr[0]!.words[0]!.bbox.x1).toBeGreaterThan(ocr[0]!.words[0]!.bbox.x0);
  });

  it('reads a 200 dpi page (the legal minimum) with a CER under 3%', async () => {
    const r = await renderPage({ page: 3, dpi: 200, rotateDeg: 0.9 });
    const f = path.join(dir, 'p200.png');
    writeFileSync(f, r.image);
    const pages = await preprocessDocument([f], path.join(dir, 'w200'));
    const { ocr } = await ocrDocument(pool, pages);
    measured['200'] = cer(ocr[0]!.text, r.text);
    console.log(`CER at 200 dpi: ${(measured['200'] * 100).toFixed(2)}%`);
    expect(measured['200']).toBeLessThan(0.03);
  });

  it('turns an upside-down page found by OSD when OCR confidence is low', async () => {
    const r = await renderPage({ page: 4, dpi: 300, quarterTurn: 180, bodyLines: 6 });
    const f = path.join(dir, 'upside-down.png');
    writeFileSync(f, r.image);
    const doc = await digitizeDocument([f], path.join(dir, 'wosd'), pool);
    expect(doc.pages[0]!.rotation).toBe(180);
    expect(doc.ocr[0]!.confidence).toBeGreaterThan(80);
    expect(cer(doc.ocr[0]!.text, r.text)).toBeLessThan(0.15);
  });
});

describe('digitizeDocument', () => {
  it('rejects a document whose later page is bad, after the pages already sent to OCR finish, and the pool goes on', async () => {
    const r = await renderPage({ page: 7, dpi: 300, widthIn: 5, heightIn: 3.5, bodyLines: 2 });
    const good = path.join(dir, 'doc_p1.png');
    const bad = path.join(dir, 'doc_p2.jpg');
    writeFileSync(good, r.image);
    writeFileSync(bad, '<html><body>not a scan</body></html>');
    const err = await digitizeDocument([good, bad], path.join(dir, 'wbad'), pool).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputRejectedError);
    expect((err as InputRejectedError).reason).toBe('bad-magic');
    const ok = await digitizeDocument([good], path.join(dir, 'wgood'), pool);
    expect(cer(ok.ocr[0]!.text, r.text)).toBeLessThan(0.03);
    expect(ok.pdf.pageCount).toBe(1);
  });
});

describe('TesseractPool', () => {
  it('replaces a worker that fails on a corrupt image, rejects only that page, and goes on', async () => {
    const crashes = pool.crashes;
    const corrupt = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    const err = await pool.recognize(corrupt, 7).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputRejectedError);
    expect((err as InputRejectedError).reason).toBe('ocr-failed');
    expect((err as InputRejectedError).message).toContain('page 7');
    expect(pool.crashes).toBe(crashes + 1);
    const r = await renderPage({ page: 5, dpi: 300, widthIn: 5, heightIn: 3.5, bodyLines: 2 });
    const ok = await pool.recognize(r.image, 8);
    expect(cer(ok.text, r.text)).toBeLessThan(0.05);
  });

  it('recycles workers after N pages', async () => {
    const small = await TesseractPool.create({ size: 1, lang: 'vie', recycleAfter: 1 });
    try {
      const r = await renderPage({ page: 6, dpi: 300, widthIn: 5, heightIn: 3.5, bodyLines: 1 });
      const a = await small.recognize(r.image, 1);
      const b = await small.recognize(r.image, 2);
      const c = await small.recognize(r.image, 3);
      expect(small.recycled).toBe(3);
      expect(b.text).toBe(a.text);
      expect(c.text).toBe(a.text);
      // The old worker exits before its replacement starts: never two WASM heaps for one slot.
      expect(small.peakLive).toBe(1);
    } finally {
      await small.terminate();
    }
  });
});
