import { promises as fsp } from 'node:fs';
import { deflateSync } from 'node:zlib';
import {
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
  type PDFDocument,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import sharp from 'sharp';
import type { OcrWord } from '../../ports/ocr-engine.js';
import type { PreparedPage } from '../preprocess/types.js';

/**
 * The page image as an XObject, without re-encoding: JPEG bytes go in as DCTDecode;
 * bilevel pages become 1-bit Flate (zlib, native) instead of pdf-lib's slow RGBA PNG path.
 */
export async function embedPageImage(doc: PDFDocument, page: PreparedPage): Promise<PDFRef> {
  const bytes = await fsp.readFile(page.imagePath);
  if (page.imageFormat === 'jpeg') {
    const meta = await sharp(bytes).metadata();
    const stream = doc.context.stream(bytes, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: meta.width,
      Height: meta.height,
      ColorSpace: meta.channels === 1 ? 'DeviceGray' : 'DeviceRGB',
      BitsPerComponent: 8,
      Filter: 'DCTDecode',
    });
    return doc.context.register(stream);
  }
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  const rowBytes = Math.ceil(info.width / 8);
  const packed = Buffer.alloc(rowBytes * info.height);
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      // DeviceGray 1 bit: 1 is white.
      if (data[y * info.width + x]! >= 128) packed[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const stream = doc.context.stream(deflateSync(packed), {
    Type: 'XObject',
    Subtype: 'Image',
    Width: info.width,
    Height: info.height,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 1,
    Filter: 'FlateDecode',
  });
  return doc.context.register(stream);
}

/** Draws the image over the whole page. */
export function drawImageOps(page: PDFPage, imageRef: PDFRef): PDFOperator[] {
  const name = page.node.newXObject('Im', imageRef);
  const { width, height } = page.getSize();
  return [pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState()];
}

/**
 * Invisible text (render mode 3) over each word box, line by line in reading order, so
 * text extraction returns the words in order and a viewer's search highlights the right spot.
 * Each line shares one baseline and size; each word is stretched to its box width.
 */
export function invisibleTextOps(page: PDFPage, font: PDFFont, words: OcrWord[], dpi: number): PDFOperator[] {
  if (words.length === 0) return [];
  const k = 72 / dpi;
  const pageHeight = page.getSize().height;
  const fontKey = page.node.newFontDictionary('F', font.ref);
  const ops: PDFOperator[] = [pushGraphicsState(), beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  const lines = new Map<number, OcrWord[]>();
  for (const w of words) {
    const l = lines.get(w.line);
    if (l) l.push(w);
    else lines.set(w.line, [w]);
  }
  for (const lineWords of lines.values()) {
    const bottom = median(lineWords.map((w) => w.bbox.y1));
    const height = Math.max(1, median(lineWords.map((w) => w.bbox.y1 - w.bbox.y0)));
    const size = Math.max(1, height * k);
    // The box bottom includes descenders; put the baseline a little above it.
    const baseline = pageHeight - bottom * k + size * 0.18;
    ops.push(setFontAndSize(fontKey, size));
    lineWords.forEach((w, i) => {
      const text = i < lineWords.length - 1 ? `${w.text} ` : w.text;
      const natural = font.widthOfTextAtSize(w.text, size);
      const boxWidth = Math.max(1, (w.bbox.x1 - w.bbox.x0) * k);
      const stretch = natural > 0 ? boxWidth / natural : 1;
      ops.push(setTextMatrix(stretch, 0, 0, 1, w.bbox.x0 * k, baseline), showText(font.encodeText(text)));
    });
  }
  ops.push(endText(), popGraphicsState());
  return ops;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
