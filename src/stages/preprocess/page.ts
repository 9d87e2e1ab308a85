import { promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { InputRejectedError } from '../../errors.js';
import { tempNameFor } from '../../util/fs.js';
import { blankCheck, colouredShare, colourfulness, estimateSkew } from './analyse.js';
import { ocrCopy, type OcrCopyOptions } from './ocr-copy.js';
import type { ColourMode, PreparedPage } from './types.js';

/** Where a page's pixels come from: a page of an image file, or pixels rendered from a PDF. */
export type PageInput =
  | { type: 'file'; file: string; page: number; format: 'jpeg' | 'png' | 'tiff'; multiPage: boolean }
  | { type: 'raw'; file: string; page: number; rgba: Buffer; width: number; height: number; dpi: number };

export interface PageContext {
  pageNo: number;
  pagesDir: string;
  minDpi: number;
  limitInputPixels: number;
  /** How the OCR copy is made (default: DEFAULT_OCR_COPY). */
  ocrCopy?: OcrCopyOptions;
}

// Each page is decoded once and never revisited: libvips' operation cache would only keep past
// pages' pixels alive (memory that grows with the batch, not the page).
sharp.cache(false);

const WHITE = { r: 255, g: 255, b: 255, alpha: 1 };
const ANALYSIS_DPI = 100;
const A4_LONG_SIDE_IN = 11.69;

function open(input: PageInput, limitInputPixels: number): Sharp {
  if (input.type === 'raw') return sharp(input.rgba, { raw: { width: input.width, height: input.height, channels: 4 }, limitInputPixels });
  return sharp(input.file, { page: input.page - 1, limitInputPixels, failOn: 'error', autoOrient: true });
}

function corrupt(input: PageInput, err: unknown): InputRejectedError {
  const msg = (err as Error)?.message ?? String(err);
  if (/pixel limit/i.test(msg)) {
    return new InputRejectedError('too-large', `Expected a page within the pixel limit in ${input.file}, page ${input.page}: ${msg}`, {
      file: input.file,
      cause: err,
      hint: 'The image is far larger than a scanned page (a pixel bomb or a wrong scanner setting); rescan it.',
      key: 'reject.pixelLimit',
      params: { file: input.file, page: input.page, detail: msg },
      hintKey: 'reject.pixelLimitHint',
    });
  }
  return new InputRejectedError(input.type === 'file' && input.multiPage ? 'corrupt-page' : 'corrupt', `Expected a readable image in ${input.file}, page ${input.page}: ${msg}`, {
    file: input.file,
    cause: err,
    hint: 'The file is truncated or damaged (perhaps still being written); rescan it.',
    key: 'reject.corruptPage',
    params: { file: input.file, page: input.page, detail: msg },
    hintKey: 'reject.corruptPageHint',
  });
}

/** Decodes, analyses, straightens and writes one page. One small decode for analysis, one full decode for output. */
export async function preparePage(input: PageInput, ctx: PageContext): Promise<PreparedPage> {
  let meta: Metadata;
  try {
    meta = await open(input, ctx.limitInputPixels).metadata();
  } catch (err) {
    throw corrupt(input, err);
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  const rotation = input.type === 'file' ? exifQuarterTurn(meta.orientation) : 0;
  let dpi: number;
  let dpiSource: PreparedPage['dpiSource'];
  if (input.type === 'raw') [dpi, dpiSource] = [input.dpi, 'pdf'];
  else if (meta.density && meta.density !== 72) [dpi, dpiSource] = [meta.density, 'metadata'];
  // No density, or the 72 dpi placeholder many writers put in: assume an A4 page.
  else [dpi, dpiSource] = [Math.round(Math.max(width, height) / A4_LONG_SIDE_IN), 'assumed'];

  // One full decode, kept raw in memory: analysis, rotation and both encodes start from it.
  let full: { data: Buffer; info: OutputInfo };
  let small: { data: Buffer; info: OutputInfo };
  const aw = Math.max(16, Math.round((width * ANALYSIS_DPI) / dpi));
  try {
    full = await open(input, ctx.limitInputPixels).removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    small = await fromRaw(full).resize({ width: aw }).raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw corrupt(input, err);
  }
  const ch = small.info.channels;
  const grey = toGrey(small.data, ch);
  const greyImg = { data: grey, width: small.info.width, height: small.info.height };
  const { blank, ink } = blankCheck(greyImg);
  const bilevel = ch === 1 && meta.bitsPerSample === 1;
  const colour: ColourMode = bilevel ? 'bilevel' : ch >= 3 && (colourfulness(small.data, ch) > 8 || colouredShare(small.data, ch) > 0.001) ? 'rgb' : 'grey';
  // A grey scan stored as RGB: work on one channel from here on (a third of the pixels to move).
  if (colour !== 'rgb' && full.info.channels > 1) {
    try {
      full = await fromRaw(full).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    } catch (err) {
      throw corrupt(input, err);
    }
  }
  let skew = blank ? 0 : estimateSkew(greyImg, 5, ink);
  if (Math.abs(skew) < 0.1) skew = 0;

  const stem = `page-${String(ctx.pageNo).padStart(4, '0')}`;
  const imageFormat = colour === 'bilevel' ? 'png' : 'jpeg';
  const imagePath = path.join(ctx.pagesDir, `${stem}.${imageFormat === 'png' ? 'png' : 'jpg'}`);
  const ocrImagePath = path.join(ctx.pagesDir, `${stem}.ocr.png`);

  const passThrough = input.type === 'file' && input.format === 'jpeg' && rotation === 0 && skew === 0 && colour !== 'bilevel';
  try {
    // The straightened page, decoded once and kept raw (one band unless the page is in colour):
    // the master and the OCR copy are both made from these bytes. (sharp's clone() deep-copies
    // its input, and its raw output of a one-band image is three bands: both cost a full-page
    // copy and, through the OCR copy's channel loop, most of the main thread's time per page.)
    const outSpace = colour === 'rgb' ? 'srgb' : 'b-w';
    let base = full;
    if (skew !== 0) {
      // Rotate by the opposite of the skew, then cut the original frame from the middle so page size is kept.
      const rotated = await fromRaw(full)
        .rotate(-skew, { background: WHITE })
        // the white background makes the result RGB: bring grey pages back to one channel
        .toColourspace(outSpace)
        .raw()
        .toBuffer({ resolveWithObject: true });
      const left = Math.max(0, Math.floor((rotated.info.width - width) / 2));
      const top = Math.max(0, Math.floor((rotated.info.height - height) / 2));
      base = await fromRaw(rotated)
        .extract({ left, top, width: Math.min(width, rotated.info.width - left), height: Math.min(height, rotated.info.height - top) })
        .toColourspace(outSpace)
        .raw()
        .toBuffer({ resolveWithObject: true });
    }
    const writes: Array<Promise<unknown>> = [];
    if (passThrough && input.type === 'file') writes.push(copyAtomic(input.file, imagePath));
    else writes.push(toFileAtomic(encodeMaster(fromRaw(base), colour, dpi), imagePath));
    // OCR reads a grey copy: coloured ink suppressed, paper flattened, no contrast stretch
    // (see ocr-copy.ts and docs/ocr.md for the measurements). No median filter: it erases
    // Vietnamese diacritics along with the dust.
    const pw = base.info.width;
    const ph = base.info.height;
    const copy = await ocrCopy({ data: base.data, width: pw, height: ph, channels: base.info.channels }, dpi, ctx.ocrCopy);
    writes.push(toFileAtomic(sharp(copy, { raw: { width: pw, height: ph, channels: 1 } }).toColourspace('b-w').withDensity(dpi).png({ compressionLevel: 1 }), ocrImagePath));
    await Promise.all(writes);
  } catch (err) {
    if (err instanceof InputRejectedError) throw err;
    throw corrupt(input, err);
  }
  return {
    pageNo: ctx.pageNo,
    imagePath,
    imageFormat,
    ocrImagePath,
    colour,
    width,
    height,
    dpi,
    dpiSource,
    rotation,
    skew,
    blank,
    lowDpi: dpi < ctx.minDpi,
    source: { file: input.file, page: input.page },
  };
}

function fromRaw(img: { data: Buffer; info: OutputInfo }): Sharp {
  return sharp(img.data, { raw: { width: img.info.width, height: img.info.height, channels: img.info.channels } });
}

function encodeMaster(img: Sharp, colour: ColourMode, dpi: number): Sharp {
  const withDpi = img.removeAlpha().withDensity(dpi);
  if (colour === 'bilevel') return withDpi.toColourspace('b-w').threshold(128).png({ palette: true, colours: 2, compressionLevel: 6 });
  if (colour === 'grey') return withDpi.toColourspace('b-w').jpeg({ quality: 88, optimiseCoding: false });
  // optimiseCoding (a second Huffman pass) saves ~3% of size for 5× the encode time
  return withDpi.toColourspace('srgb').jpeg({ quality: 88, optimiseCoding: false });
}

async function toFileAtomic(img: Sharp, target: string): Promise<void> {
  const tmp = tempNameFor(target);
  try {
    await img.toFile(tmp);
    await fsp.rename(tmp, target);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

async function copyAtomic(src: string, target: string): Promise<void> {
  const tmp = tempNameFor(target);
  await fsp.copyFile(src, tmp);
  await fsp.rename(tmp, target);
}

function toGrey(data: Buffer, channels: number): Uint8Array {
  if (channels === 1) return data;
  const n = data.length / channels;
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += channels) out[i] = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
  return out;
}

function exifQuarterTurn(orientation: number | undefined): number {
  switch (orientation) {
    case 3:
    case 4:
      return 180;
    case 5:
    case 6:
      return 90;
    case 7:
    case 8:
      return 270;
    default:
      return 0;
  }
}
