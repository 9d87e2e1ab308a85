import bwipjs from 'bwip-js';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { UsageError } from '../../errors.js';

export type SeparatorSymbology = 'code128' | 'qrcode' | 'both';

export interface SeparatorSheet {
  text: string;
  /** What is printed under the code for the clerk. */
  caption: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MM = 72 / 25.4;

/**
 * A PDF with one A4 separator sheet per code: the code as Code 128 and/or QR, drawn by bwip-js
 * (offline, placed at 300 dpi so it prints sharp), and the code in large type for the clerk. Code 128
 * covers ASCII only, so codes are checked before anything is drawn.
 */
export async function separatorSheetsPdf(sheets: SeparatorSheet[], symbology: SeparatorSymbology = 'both'): Promise<Uint8Array> {
  for (const s of sheets) {
    if (!/^[\x20-\x7e]+$/.test(s.text)) throw new UsageError(`Expected a code of printable ASCII characters for a separator sheet, got ${JSON.stringify(s.text)}`);
  }
  const pdf = await PDFDocument.create();
  pdf.setTitle('sohoa separator sheets');
  pdf.setCreator('sohoa');
  const font = await pdf.embedFont(StandardFonts.HelveticaBold);
  const small = await pdf.embedFont(StandardFonts.Helvetica);
  for (const s of sheets) {
    const page = pdf.addPage([A4.width, A4.height]);
    let y = A4.height - 30 * MM;
    page.drawText(s.caption, { x: 20 * MM, y, size: 14, font: small, color: rgb(0, 0, 0) });
    y -= 20 * MM;
    page.drawText(s.text, { x: 20 * MM, y, size: Math.min(36, (170 * MM) / (s.text.length * 0.62)), font, color: rgb(0, 0, 0) });
    if (symbology !== 'qrcode') {
      const png = await bwipjs.toBuffer({ bcid: 'code128', text: s.text, scale: 4, height: 18, paddingwidth: 10, paddingheight: 4 });
      const img = await pdf.embedPng(png);
      // 300 dpi image pixels to points, within the page width.
      const w = Math.min((img.width * 72) / 300, 170 * MM);
      const h = (img.height * w) / img.width;
      y -= h + 15 * MM;
      page.drawImage(img, { x: (A4.width - w) / 2, y, width: w, height: h });
    }
    if (symbology !== 'code128') {
      const png = await bwipjs.toBuffer({ bcid: 'qrcode', text: s.text, scale: 8, paddingwidth: 4, paddingheight: 4 });
      const img = await pdf.embedPng(png);
      const w = 60 * MM;
      y -= w + 15 * MM;
      page.drawImage(img, { x: (A4.width - w) / 2, y, width: w, height: w });
    }
  }
  return pdf.save();
}
