import sharp from 'sharp';

/**
 * The grey copy OCR reads. Decided by measured CER per degradation class (docs/ocr.md):
 * - coloured ink (red seals, blue signatures) is suppressed by greying with the brightest
 *   channel: black print stays dark in every channel, red and blue ink are bright in one;
 * - flattening (dividing by an estimate of the paper: a max filter on a ~1/8-scale copy, then a
 *   blur) is available but off: on the tune split it gained nothing on phone photos and faint
 *   copies (tesseract's own threshold copes) and cost one character on the darkest photo;
 * - paper grain is softened by a light Gaussian blur (σ = 1 px at 300 dpi): a one-pixel speck
 *   fades below tesseract's threshold while 3–4 px strokes and diacritics keep their shape
 *   (a 3×3 median did almost as well on grain but broke bilevel fax pages);
 * - no global contrast stretch: on a sparse page the 1st grey percentile is paper grain, and
 *   stretching it turned grain into marks (47–88% CER). Tesseract thresholds the result itself.
 */
export interface OcrCopyOptions {
  /** Grey by the brightest channel on colour pages (suppresses red and blue ink). */
  suppressColour: boolean;
  /** Divide by the estimated paper background. */
  flatten: boolean;
  /** Paper grain: a light blur (σ ≈ 1 px at 300 dpi) or a 3×3 median on the grey copy. */
  denoise: 'none' | 'blur' | 'median';
}

export const DEFAULT_OCR_COPY: OcrCopyOptions = { suppressColour: true, flatten: false, denoise: 'blur' };

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

/** Grey (1 channel) copy of a decoded page, for OCR. */
export async function ocrCopy(img: RawImage, dpi: number, opts: OcrCopyOptions = DEFAULT_OCR_COPY): Promise<Buffer> {
  let grey = toGreyForOcr(img, opts.suppressColour);
  if (opts.denoise !== 'none') {
    const g = sharp(grey, { raw: { width: img.width, height: img.height, channels: 1 } });
    grey = await (opts.denoise === 'blur' ? g.blur(Math.max(0.3, dpi / 300)) : g.median(3)).extractChannel(0).raw().toBuffer();
  }
  if (!opts.flatten) return grey;
  const bg = await paperBackground(grey, img.width, img.height, dpi);
  for (let i = 0; i < grey.length; i++) {
    const b = bg[i]!;
    // Paper maps to white; print keeps its darkness relative to the paper around it.
    grey[i] = b <= grey[i]! ? 255 : Math.round((grey[i]! * 255) / b);
  }
  return grey;
}

function toGreyForOcr(img: RawImage, suppressColour: boolean): Buffer {
  const { data, channels } = img;
  if (channels === 1) return Buffer.from(data);
  const n = img.width * img.height;
  const out = Buffer.allocUnsafe(n);
  if (suppressColour) {
    for (let i = 0, j = 0; i < n; i++, j += channels) {
      const r = data[j]!;
      const g = data[j + 1]!;
      const b = data[j + 2]!;
      out[i] = r > g ? (r > b ? r : b) : g > b ? g : b;
    }
  } else {
    for (let i = 0, j = 0; i < n; i++, j += channels) out[i] = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
  }
  return out;
}

/**
 * The paper's brightness at every pixel: shrink to ~37 dpi (print becomes thin grey lines),
 * take a 9×9 max (the print disappears), blur, and scale back up.
 */
async function paperBackground(grey: Buffer, width: number, height: number, dpi: number): Promise<Buffer> {
  const factor = Math.max(2, Math.round(dpi / 37));
  const sw = Math.max(8, Math.round(width / factor));
  const sh = Math.max(8, Math.round(height / factor));
  const small = await sharp(grey, { raw: { width, height, channels: 1 } }).resize(sw, sh, { kernel: 'linear' }).extractChannel(0).raw().toBuffer();
  const maxed = maxFilter(small, sw, sh, 4);
  return sharp(maxed, { raw: { width: sw, height: sh, channels: 1 } })
    .blur(3)
    .resize(width, height, { kernel: 'linear' })
    // sharp writes one-channel raw input back out as sRGB unless told
    .extractChannel(0)
    .raw()
    .toBuffer();
}

/** Separable max filter of radius r (a (2r+1)² window). */
function maxFilter(src: Buffer, w: number, h: number, r: number): Buffer {
  const tmp = Buffer.alloc(src.length);
  const out = Buffer.alloc(src.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let m = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) if (src[row + k]! > m) m = src[row + k]!;
      tmp[row + x] = m;
    }
  }
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      let m = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) if (tmp[k * w + x]! > m) m = tmp[k * w + x]!;
      out[y * w + x] = m;
    }
  }
  return out;
}
