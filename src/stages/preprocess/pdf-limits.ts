import { InputRejectedError } from '../../errors.js';

/**
 * The largest image a PDF declares, read from the image dictionaries (`/Width`, `/Height`)
 * without decoding anything. Image XObjects are streams, and a stream's dictionary is never
 * inside an object stream, so it is always there as plain text before its `stream` keyword.
 */
export function largestPdfImage(data: Uint8Array): { width: number; height: number; pixels: number } | undefined {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  const subtype = /\/Subtype\s*\/Image\b/g;
  let best: { width: number; height: number; pixels: number } | undefined;
  for (let m = subtype.exec(text); m; m = subtype.exec(text)) {
    // The dictionary around this /Subtype: back to its `obj`, forward to its `stream`.
    const start = Math.max(text.lastIndexOf(' obj', m.index), text.lastIndexOf('\nobj', m.index), m.index - 4096);
    const endAt = text.indexOf('stream', m.index);
    const dict = text.slice(start, endAt < 0 ? m.index + 4096 : Math.min(endAt, m.index + 4096));
    const w = /\/(?:Width|W)\s+(\d+)/.exec(dict);
    const h = /\/(?:Height|H)\s+(\d+)/.exec(dict);
    if (!w || !h) continue;
    const width = Number(w[1]);
    const height = Number(h[1]);
    const pixels = width * height;
    if (!best || pixels > best.pixels) best = { width, height, pixels };
  }
  return best;
}

/** Rejects, before pdfjs decodes anything, a PDF whose page image is a pixel bomb. */
export function checkPdfImageSizes(data: Uint8Array, file: string, limitInputPixels: number): void {
  const img = largestPdfImage(data);
  if (img && img.pixels > limitInputPixels) {
    throw new InputRejectedError('too-large', `Expected page images of at most ${limitInputPixels} pixels in ${file}, got an image of ${img.width}×${img.height} pixels`, {
      file,
      hint: 'This is far larger than a scanned page (a pixel bomb or a wrong scanner setting); rescan at 300 dpi.',
      key: 'ocr.pdfImageTooLarge',
      params: { limit: limitInputPixels, file, width: img.width, height: img.height },
      hintKey: 'reject.tooLargeHint',
    });
  }
}
