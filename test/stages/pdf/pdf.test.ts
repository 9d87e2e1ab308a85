import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFArray } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageOcr } from '../../../src/ports/ocr-engine.js';
import { buildSearchablePdf } from '../../../src/stages/pdf/index.js';
import { srgbIccProfile } from '../../../src/stages/pdf/icc.js';
import { preprocessDocument } from '../../../src/stages/preprocess/index.js';
import { renderPage } from '../../fixtures-gen/render.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-pdf-'));
});

/** Words as OCR would give them: line by line, with boxes. */
function fakeOcr(pageNo: number, lines: string[][], x0 = 100, y0 = 100): PageOcr {
  const words = lines.flatMap((ws, line) => {
    let x = x0;
    return ws.map((text) => {
      const w = { text, bbox: { x0: x, y0: y0 + line * 80, x1: x + text.length * 25, y1: y0 + line * 80 + 50 }, confidence: 90, line };
      x = w.bbox.x1 + 30;
      return w;
    });
  });
  return { pageNo, text: lines.map((l) => l.join(' ')).join('\n') + '\n', confidence: 90, words, source: 'ocr', durationMs: 0 };
}

async function extractText(pdf: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 }).promise;
  const out: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const tc = await (await doc.getPage(i)).getTextContent();
    out.push(tc.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
  }
  await doc.destroy();
  return out;
}

describe('buildSearchablePdf', () => {
  it('puts each page image at its real size with an invisible text layer that extracts as Unicode Vietnamese, in reading order', async () => {
    const grey = await renderPage({ page: 1, dpi: 300, widthIn: 4, heightIn: 3, bodyLines: 3 });
    const colour = await renderPage({ page: 2, dpi: 200, widthIn: 4, heightIn: 3, bodyLines: 3, colour: true, format: 'jpeg' });
    writeFileSync(path.join(dir, 'a.png'), grey.image);
    writeFileSync(path.join(dir, 'b.jpg'), colour.image);
    const pages = await preprocessDocument([path.join(dir, 'a.png'), path.join(dir, 'b.jpg')], path.join(dir, 'w'));
    const ocr = [
      fakeOcr(1, [['Quyết', 'định', 'số', '15/QĐ-UBND'], ['Ủy', 'ban', 'nhân', 'dân', 'xã']]),
      fakeOcr(2, [['Nghị', 'định', '30/2020/NĐ-CP'], ['Hồ', 'sơ', 'một', 'cửa']]),
    ];
    const out = path.join(dir, 'doc.pdf');
    const res = await buildSearchablePdf(pages, ocr, out, path.join(dir, 'doc.txt'), { title: 'Quyết định 15', creationDate: new Date('2022-01-13T03:20:00Z') });
    expect(res.pageCount).toBe(2);
    const bytes = readFileSync(out);
    expect(res.sha256).toMatch(/^[0-9a-f]{64}$/);

    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const [p1, p2] = doc.getPages();
    // 4 × 3 inches at 300 and at 200 dpi: 288 × 216 pt both
    expect(p1!.getWidth()).toBeCloseTo(288, 0);
    expect(p1!.getHeight()).toBeCloseTo(216, 0);
    expect(p2!.getWidth()).toBeCloseTo(288, 0);

    const text = await extractText(bytes);
    expect(text[0]).toMatch(/Quyết\s*định\s*số\s*15\/QĐ-UBND/);
    expect(text[0]!.indexOf('Quyết')).toBeLessThan(text[0]!.indexOf('Ủy'));
    expect(text[1]).toMatch(/Nghị\s*định\s*30\/2020\/NĐ-CP/);
    expect(text[1]).toContain('cửa');

    // the colour page stays colour; the grey page is grey (no blow-up to RGB)
    const spaces = doc.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFRawStream => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
      .map((s) => String(s.dict.get(PDFName.of('ColorSpace'))));
    expect(spaces.sort()).toEqual(['/DeviceGray', '/DeviceRGB']);

    expect(readFileSync(path.join(dir, 'doc.txt'), 'utf8')).toBe('Quyết định số 15/QĐ-UBND\nỦy ban nhân dân xã\n\fNghị định 30/2020/NĐ-CP\nHồ sơ một cửa\n');
  });

  it('identifies itself as PDF/A-2b: XMP pdfaid, matching document info, sRGB output intent, file ID', async () => {
    const r = await renderPage({ page: 3, dpi: 300, widthIn: 3, heightIn: 2, bodyLines: 2 });
    writeFileSync(path.join(dir, 'c.png'), r.image);
    const pages = await preprocessDocument([path.join(dir, 'c.png')], path.join(dir, 'w2'));
    const out = path.join(dir, 'a2b.pdf');
    await buildSearchablePdf(pages, [fakeOcr(1, [['Độc', 'lập']])], out, path.join(dir, 'a2b.txt'), { title: 'Tờ khai' });
    const bytes = readFileSync(out);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getTitle()).toBe('Tờ khai');
    expect(doc.getProducer()).toMatch(/^sohoa /);
    const meta = doc.catalog.lookup(PDFName.of('Metadata')) as PDFRawStream;
    const xmp = Buffer.from(meta.contents).toString('utf8');
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('Tờ khai');
    const intents = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    const intent = intents.lookup(0, PDFDict);
    expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    expect(intent.lookup(PDFName.of('DestOutputProfile'))).toBeInstanceOf(PDFRawStream);
    expect(bytes.toString('latin1')).toMatch(/\/ID\s*\[\s*<[0-9A-Fa-f]{32}>/);
  });

  it('makes a well-formed ICC v2 sRGB profile', () => {
    const icc = Buffer.from(srgbIccProfile());
    expect(icc.readUInt32BE(0)).toBe(icc.length);
    expect(icc.toString('latin1', 36, 40)).toBe('acsp');
    expect(icc.toString('latin1', 12, 24)).toBe('mntrRGB XYZ ');
    const tags = icc.readUInt32BE(128);
    for (let i = 0; i < tags; i++) {
      const off = icc.readUInt32BE(136 + i * 12);
      const len = icc.readUInt32BE(140 + i * 12);
      expect(off % 4).toBe(0);
      expect(off + len).toBeLessThanOrEqual(icc.length);
    }
  });
});
