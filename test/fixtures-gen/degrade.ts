import sharp from 'sharp';
import { prng, type Overlay } from './official-page.js';

/** The degradation classes of the OCR accuracy corpus (issue 11). */
export const DEGRADATIONS = ['clean', 'grain', 'photocopy', 'illumination', 'seal', 'signature', 'jpeg', 'dpi200', 'skew', 'turn', 'bilevel', 'sparse'] as const;
export type Degradation = (typeof DEGRADATIONS)[number];

/** One strength of one class: how the page is drawn and what happens to its pixels after. */
export interface DegradationSpec {
  cls: Degradation;
  /** 1 (mild) … 3 (strong). */
  strength: number;
  dpi: number;
  rotateDeg?: number;
  overlay?: Overlay;
  quarterTurn?: 0 | 90 | 180 | 270;
  /** Pixel-level damage, applied in place on the RGB buffer. */
  pixels?: (rgb: Uint8ClampedArray, width: number, height: number, rnd: () => number) => void;
  /** How the file is stored: colour or grey, and the encoder. */
  store: { colour: boolean; format: 'png' | 'jpeg' | 'fax'; quality?: number };
  sparse?: boolean;
}

/** Recycled paper: fine grey speckle everywhere, plus a ±amp grey jitter on every pixel. */
function grain(share: number, amp: number) {
  return (rgb: Uint8ClampedArray, _w: number, _h: number, rnd: () => number) => {
    for (let i = 0; i < rgb.length; i += 3) {
      let d = (rnd() - 0.5) * amp - 8;
      if (rnd() < share) d -= 40 + rnd() * 90;
      rgb[i] = rgb[i]! + d;
      rgb[i + 1] = rgb[i + 1]! + d;
      rgb[i + 2] = rgb[i + 2]! + d;
    }
  };
}

/** A faint photocopy: ink lifted towards a grey paper, toner noise on top. */
function photocopy(contrast: number, paper: number) {
  return (rgb: Uint8ClampedArray, _w: number, _h: number, rnd: () => number) => {
    for (let i = 0; i < rgb.length; i += 3) {
      const v = paper - (255 - rgb[i]!) * contrast * (paper / 255) + (rnd() - 0.5) * 14;
      rgb[i] = v;
      rgb[i + 1] = v;
      rgb[i + 2] = v;
    }
  };
}

/** A phone photo: light falls off from one corner, warm tint, sensor noise. */
function illumination(falloff: number) {
  return (rgb: Uint8ClampedArray, w: number, h: number, rnd: () => number) => {
    const cx = w * 0.25;
    const cy = h * 0.2;
    const far = Math.hypot(w - cx, h - cy);
    for (let y = 0, i = 0; y < h; y++) {
      for (let x = 0; x < w; x++, i += 3) {
        const d = Math.hypot(x - cx, y - cy) / far;
        const f = 1 - falloff * d * d;
        const n = (rnd() - 0.5) * 10;
        rgb[i] = rgb[i]! * f * 0.98 + n;
        rgb[i + 1] = rgb[i + 1]! * f * 0.94 + n;
        rgb[i + 2] = rgb[i + 2]! * f * 0.84 + n;
      }
    }
  };
}

/** Fax: grey noise, then a hard threshold (stored as 1-bit CCITT G4 TIFF). */
function fax(noise: number) {
  return (rgb: Uint8ClampedArray, _w: number, _h: number, rnd: () => number) => {
    for (let i = 0; i < rgb.length; i += 3) {
      const v = rgb[i]! + (rnd() - 0.5) * noise < 150 ? 0 : 255;
      rgb[i] = v;
      rgb[i + 1] = v;
      rgb[i + 2] = v;
    }
  };
}

const GREY_PNG = { colour: false, format: 'png' } as const;

/** Every class at its two or three strengths. */
export const SPECS: DegradationSpec[] = [
  { cls: 'clean', strength: 1, dpi: 300, store: GREY_PNG },
  { cls: 'grain', strength: 1, dpi: 300, pixels: grain(0.01, 24), store: GREY_PNG },
  { cls: 'grain', strength: 2, dpi: 300, pixels: grain(0.03, 32), store: GREY_PNG },
  { cls: 'grain', strength: 3, dpi: 300, pixels: grain(0.06, 44), store: GREY_PNG },
  { cls: 'photocopy', strength: 1, dpi: 300, pixels: photocopy(0.5, 236), store: GREY_PNG },
  { cls: 'photocopy', strength: 2, dpi: 300, pixels: photocopy(0.33, 228), store: GREY_PNG },
  { cls: 'photocopy', strength: 3, dpi: 300, pixels: photocopy(0.22, 222), store: GREY_PNG },
  { cls: 'illumination', strength: 1, dpi: 300, pixels: illumination(0.35), store: { colour: true, format: 'jpeg', quality: 85 } },
  { cls: 'illumination', strength: 2, dpi: 300, pixels: illumination(0.55), store: { colour: true, format: 'jpeg', quality: 85 } },
  { cls: 'illumination', strength: 3, dpi: 300, pixels: illumination(0.7), store: { colour: true, format: 'jpeg', quality: 85 } },
  { cls: 'seal', strength: 1, dpi: 300, overlay: { seal: 0.6 }, store: { colour: true, format: 'png' } },
  { cls: 'seal', strength: 2, dpi: 300, overlay: { seal: 0.95 }, store: { colour: true, format: 'png' } },
  { cls: 'signature', strength: 1, dpi: 300, overlay: { signature: 1 }, store: { colour: true, format: 'png' } },
  { cls: 'signature', strength: 2, dpi: 300, overlay: { signature: 3 }, store: { colour: true, format: 'png' } },
  { cls: 'jpeg', strength: 1, dpi: 300, pixels: grain(0, 10), store: { colour: false, format: 'jpeg', quality: 30 } },
  { cls: 'jpeg', strength: 2, dpi: 300, pixels: grain(0, 10), store: { colour: false, format: 'jpeg', quality: 12 } },
  { cls: 'dpi200', strength: 1, dpi: 200, store: GREY_PNG },
  { cls: 'dpi200', strength: 2, dpi: 200, pixels: grain(0.01, 24), store: GREY_PNG },
  { cls: 'skew', strength: 1, dpi: 300, rotateDeg: 2, store: GREY_PNG },
  { cls: 'skew', strength: 2, dpi: 300, rotateDeg: -3.5, store: GREY_PNG },
  { cls: 'skew', strength: 3, dpi: 300, rotateDeg: 5, store: GREY_PNG },
  { cls: 'turn', strength: 1, dpi: 300, quarterTurn: 90, store: GREY_PNG },
  { cls: 'turn', strength: 2, dpi: 300, quarterTurn: 180, store: GREY_PNG },
  { cls: 'turn', strength: 3, dpi: 300, quarterTurn: 270, store: GREY_PNG },
  { cls: 'bilevel', strength: 1, dpi: 300, pixels: fax(0), store: { colour: false, format: 'fax' } },
  { cls: 'bilevel', strength: 2, dpi: 200, pixels: fax(90), store: { colour: false, format: 'fax' } },
  { cls: 'sparse', strength: 1, dpi: 300, sparse: true, store: GREY_PNG },
  { cls: 'sparse', strength: 2, dpi: 300, sparse: true, pixels: grain(0.01, 24), store: GREY_PNG },
  { cls: 'sparse', strength: 3, dpi: 300, sparse: true, pixels: grain(0.03, 32), store: GREY_PNG },
];

/** Applies the spec's pixel damage and encodes the page as its scanner would have stored it. */
export async function encodeDegraded(spec: DegradationSpec, rgb: Uint8ClampedArray, width: number, height: number, seed: number): Promise<{ image: Buffer; ext: string }> {
  spec.pixels?.(rgb, width, height, prng(seed));
  let img = sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength), { raw: { width, height, channels: 3 } });
  if (!spec.store.colour) img = img.toColourspace('b-w');
  if (spec.quarterTurn) img = sharp(await img.png({ compressionLevel: 1 }).toBuffer()).rotate(spec.quarterTurn);
  if (spec.store.format === 'fax') return { image: await img.extractChannel(0).withDensity(spec.dpi).tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer(), ext: 'tif' };
  img = img.withMetadata({ density: spec.dpi });
  if (spec.store.format === 'jpeg') return { image: await img.jpeg({ quality: spec.store.quality ?? 85 }).toBuffer(), ext: 'jpg' };
  return { image: await img.png({ compressionLevel: 6 }).toBuffer(), ext: 'png' };
}
