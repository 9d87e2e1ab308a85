import { mkdtempSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputRejectedError } from '../../../src/errors.js';
import { preprocessDocument } from '../../../src/stages/preprocess/index.js';
import { renderPage } from '../../fixtures-gen/render.js';
import { corruptMiddle, encryptedPdfStub, imagePdf, multiPageTiff, pixelBombPng, textPdf } from '../../fixtures-gen/files.js';

let dir: string;
const file = (name: string, data: Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
};
const work = (name: string) => path.join(dir, 'work', name);

async function rejection(p: Promise<unknown>): Promise<InputRejectedError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(InputRejectedError);
  return err as InputRejectedError;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-pre-'));
});

describe('preprocessDocument', () => {
  it('measures and corrects skew, keeps size and resolution, writes a one-channel grey page', async () => {
    const r = await renderPage({ dpi: 300, rotateDeg: 1.5, widthIn: 4, heightIn: 3, bodyLines: 6 });
    const [page] = await preprocessDocument([file('skew.png', r.image)], work('skew'));
    expect(page!.skew).toBeCloseTo(1.5, 0);
    expect(page!.dpi).toBe(300);
    expect(page!.dpiSource).toBe('metadata');
    expect([page!.width, page!.height]).toEqual([r.width, r.height]);
    expect(page!.colour).toBe('grey');
    expect(page!.blank).toBe(false);
    const meta = await sharp(page!.imagePath).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([r.width, r.height, 1]);
    expect((await sharp(page!.ocrImagePath).metadata()).format).toBe('png');
  });

  it('keeps a colour scan in colour and passes an upright JPEG through unchanged', async () => {
    const r = await renderPage({ dpi: 200, colour: true, format: 'jpeg', widthIn: 4, heightIn: 3, bodyLines: 5 });
    const src = file('colour.jpg', r.image);
    const [page] = await preprocessDocument([src], work('colour'));
    expect(page!.colour).toBe('rgb');
    expect(page!.skew).toBe(0);
    // no generation loss: the scan's own JPEG bytes go into the PDF
    expect(readFileSync(page!.imagePath).equals(r.image)).toBe(true);
    expect(readFileSync(src).equals(r.image)).toBe(true);
    expect((await sharp(page!.ocrImagePath).metadata()).channels).toBe(1); // OCR reads a grey copy
  });

  it('flags a blank page without dropping it', async () => {
    const blank = await sharp({ create: { width: 800, height: 1100, channels: 3, background: '#fdfdfd' } }).withMetadata({ density: 300 }).png().toBuffer();
    const pages = await preprocessDocument([file('blank.png', blank)], work('blank'));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.blank).toBe(true);
  });

  it('applies the EXIF orientation', async () => {
    const r = await renderPage({ dpi: 300, format: 'jpeg', widthIn: 3, heightIn: 2, bodyLines: 3 });
    const turned = await sharp(r.image).withMetadata({ orientation: 6, density: 300 }).jpeg().toBuffer();
    const [page] = await preprocessDocument([file('exif.jpg', turned)], work('exif'));
    expect(page!.rotation).toBe(90);
    expect([page!.width, page!.height]).toEqual([r.height, r.width]);
  });

  it('rejects a page under --min-dpi, or only flags it when asked', async () => {
    const r = await renderPage({ dpi: 150, widthIn: 3, heightIn: 2, bodyLines: 3 });
    const src = file('low.png', r.image);
    const err = await rejection(preprocessDocument([src], work('low')));
    expect(err.reason).toBe('low-dpi');
    expect(err.message).toContain(src);
    expect(err.message).toContain('150 dpi');
    const pages = await preprocessDocument([src], work('low2'), { rejectLowDpi: false });
    expect(pages[0]!.lowDpi).toBe(true);
    expect((await preprocessDocument([src], work('low3'), { minDpi: 150 }))[0]!.lowDpi).toBe(false);
  });

  it('reads every page of a multi-page TIFF, one at a time (200 pages)', async () => {
    const tif = file("many.tif", await multiPageTiff(200, { width: 200, height: 280 }));
    const before = process.memoryUsage().rss;
    const pages = await preprocessDocument([tif], work('many'));
    expect(pages).toHaveLength(200);
    expect(pages.map((p) => p.source.page)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(pages.every((p) => p.width === 200 && p.height === 280 && !p.blank)).toBe(true);
    // bounded memory: pages are not held decoded (200 decoded pages would be far above this)
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
  });

  it('rejects a TIFF with a corrupt page, naming the file and page', async () => {
    const tif = await multiPageTiff(4, { width: 600, height: 800 });
    const src = file('corrupt.tif', corruptMiddle(tif, 0.3, 0.6));
    const err = await rejection(preprocessDocument([src], work('corrupt')));
    expect(['corrupt', 'corrupt-page']).toContain(err.reason);
    expect(err.message).toContain(src);
  });

  it('rejects a pixel bomb without decoding it', async () => {
    const src = file('bomb.png', pixelBombPng());
    const err = await rejection(preprocessDocument([src], work('bomb')));
    expect(err.reason).toBe('too-large');
    expect(err.message).toContain(src);
  });

  it('rejects HTML saved as .jpg, and empty files', async () => {
    expect((await rejection(preprocessDocument([file('page.jpg', Buffer.from('<!DOCTYPE html><html>'))], work('html')))).reason).toBe('bad-magic');
    expect((await rejection(preprocessDocument([file('empty.png', Buffer.alloc(0))], work('empty')))).reason).toBe('empty');
  });

  it('rasterises an image-only PDF at the resolution of its image', async () => {
    const r = await renderPage({ dpi: 240, format: 'jpeg', widthIn: 3, heightIn: 2, bodyLines: 3 });
    const [page] = await preprocessDocument([file('scan.pdf', await imagePdf([r.image], 240))], work('pdf'));
    expect(page!.dpi).toBe(240);
    expect(page!.dpiSource).toBe('pdf');
    expect(Math.abs(page!.width - r.width)).toBeLessThanOrEqual(1);
    expect(page!.textLayer).toBeUndefined();
  });

  it('keeps the text layer of a born-digital PDF unless OCR is forced', async () => {
    const src = file('text.pdf', await textPdf(['Quyết định số 15/QĐ-UBND', 'Ủy ban nhân dân xã Long Đức', 'Về việc thành lập tổ công tác số hóa hồ sơ của xã']));
    const [page] = await preprocessDocument([src], work('text'));
    expect(page!.textLayer?.source).toBe('text-layer');
    expect(page!.textLayer?.textLayer).toEqual({ used: true });
    expect(page!.textLayer?.text).toContain('Quyết định số 15/QĐ-UBND');
    expect(page!.textLayer?.words.find((w) => w.text === 'Đức')).toBeDefined();
    const [forced] = await preprocessDocument([src], work('text2'), { forceOcr: true });
    expect(forced!.textLayer).toBeUndefined();
    expect(forced!.textLayerSetAside).toMatchObject({ used: false, reason: 'forced' });
  });

  it('sets aside a text layer that is not plausible Vietnamese (accents stripped), so the page is OCRed', async () => {
    const src = file('stripped.pdf', await textPdf(['Quyet dinh so 15/QD-UBND', 'Uy ban nhan dan xa Long Duc', 'Ve viec thanh lap to cong tac so hoa ho so cua xa']));
    const [page] = await preprocessDocument([src], work('stripped'));
    expect(page!.textLayer).toBeUndefined();
    expect(page!.textLayerSetAside).toMatchObject({ used: false, reason: 'no-diacritics' });
    expect(page!.textLayerSetAside!.text).toContain('Quyet dinh so 15/QD-UBND');
  });

  it('rejects an encrypted PDF', async () => {
    const src = file('secret.pdf', encryptedPdfStub());
    const err = await rejection(preprocessDocument([src], work('enc')));
    expect(err.reason).toBe('encrypted');
    expect(err.message).toContain(src);
  });

  it('never modifies its inputs', async () => {
    const r = await renderPage({ dpi: 300, rotateDeg: -1, widthIn: 3, heightIn: 2, bodyLines: 3 });
    const src = file('ro.png', r.image);
    const before = statSync(src).mtimeMs;
    await preprocessDocument([src], work('ro'));
    expect(readFileSync(src).equals(r.image)).toBe(true);
    expect(statSync(src).mtimeMs).toBe(before);
  });
});
