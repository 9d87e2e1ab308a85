import sharp, { type Sharp } from 'sharp';
import { blankCheck } from '../preprocess/analyse.js';
import { readCodes, type RawImage } from './barcode.js';

/** The resolution the blank-page check works at (as preprocessing does). */
const ANALYSIS_DPI = 100;

export interface PageLook {
  codes: string[];
  blank: boolean;
}

/** Reads a page's barcodes (full resolution: small codes need every pixel) and, if asked, whether it is blank. */
export async function inspectPixels(img: RawImage, dpi: number, want: { codes: string[] | false; blank: boolean }): Promise<PageLook> {
  const codes = want.codes ? await readCodes(img, want.codes) : [];
  let blank = false;
  if (want.blank) {
    const width = Math.max(16, Math.round((img.width * ANALYSIS_DPI) / Math.max(1, dpi)));
    const small = await raw(sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels as 1 | 2 | 3 | 4 } }).resize({ width }).greyscale());
    blank = blankCheck({ data: small.data, width: small.width, height: small.height }).blank;
  }
  return { codes, blank };
}

export async function raw(img: Sharp): Promise<RawImage> {
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}
