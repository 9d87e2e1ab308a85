import bwipjs from 'bwip-js';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { renderPage } from './render.js';

export interface BarcodePageOptions {
  /** Text of the barcode; a plain text page when absent. */
  code?: string;
  symbology?: 'code128' | 'qrcode';
  dpi?: number;
  /** Skew of the whole sheet in degrees, as the feeder pulled it. */
  skewDeg?: number;
  quarterTurn?: 0 | 90 | 180 | 270;
  /** 1-based page number: selects the generated text. */
  page?: number;
}

/**
 * A scanned A5 page of office text (paper grain, specks) with a printed barcode in its top
 * right corner, as a one-stop receipt carries it: Code 128 modules of 0.33 mm, QR modules of
 * 0.5 mm, whatever the resolution, so a 200 dpi scan has 2–4 pixels per module.
 */
export async function barcodePage(o: BarcodePageOptions = {}): Promise<{ png: Buffer; width: number; height: number }> {
  const dpi = o.dpi ?? 300;
  const base = await renderPage({ page: o.page ?? 1, dpi, bodyLines: 6, format: 'png', rotateDeg: 0 });
  let img = sharp(base.image);
  if (o.code) {
    const mm = (v: number) => Math.max(1, Math.round((v * dpi) / 25.4));
    const code = await bwipjs.toBuffer(
      o.symbology === 'qrcode'
        ? { bcid: 'qrcode', text: o.code, scale: mm(0.5), paddingwidth: 2, paddingheight: 2, backgroundcolor: 'FFFFFF' }
        : { bcid: 'code128', text: o.code, scale: mm(0.33), height: 10, includetext: true, paddingwidth: 4, paddingheight: 2, backgroundcolor: 'FFFFFF' },
    );
    const meta = await sharp(code).metadata();
    img = sharp(await img.composite([{ input: code, left: Math.max(0, base.width - meta.width - mm(10)), top: mm(8) }]).png().toBuffer());
  }
  if (o.skewDeg) img = sharp(await img.rotate(o.skewDeg, { background: '#ffffff' }).png().toBuffer());
  if (o.quarterTurn) img = sharp(await img.rotate(o.quarterTurn).png().toBuffer());
  const { data, info } = await img.png().withMetadata({ density: dpi }).toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}

/** A multi-page image PDF of the given PNG pages, each page sized from its resolution, as a scanner's own software writes it. */
export async function stackPdf(pages: Array<{ png: Buffer; width: number; height: number }>, dpi = 300): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (const p of pages) {
    const img = await pdf.embedPng(p.png);
    const w = (p.width * 72) / dpi;
    const h = (p.height * 72) / dpi;
    pdf.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  }
  return Buffer.from(await pdf.save());
}

/** A multi-page TIFF of equally sized pages. */
export async function stackTiff(pages: Array<{ png: Buffer }>, dpi = 300): Promise<Buffer> {
  const raws = await Promise.all(pages.map((p) => sharp(p.png).greyscale().raw().toBuffer({ resolveWithObject: true })));
  const { width, height } = raws[0]!.info;
  for (const r of raws) if (r.info.width !== width || r.info.height !== height) throw new Error('stackTiff: pages must have one size');
  return sharp(Buffer.concat(raws.map((r) => r.data)), { raw: { width, height: height * raws.length, channels: 1, pageHeight: height } })
    .withMetadata({ density: dpi })
    .tiff({ compression: 'lzw' })
    .toBuffer();
}
