/**
 * Cheap page analysis on a small grey copy (about 100 dpi): ink coverage for blank pages,
 * and skew by projection profiles (the angle at which text rows line up best).
 */

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Pixels darker than this count as ink. */
const INK = 110;

/** Fraction of the page covered by ink (pixels darker than `threshold`). */
export function inkRatio(img: GreyImage, threshold = INK): number {
  let ink = 0;
  for (let i = 0; i < img.data.length; i++) if (img.data[i]! < threshold) ink++;
  return ink / Math.max(1, img.data.length);
}

/** How much darker than the paper (the median grey) a pixel must be to count as ink on a faint page. */
const FAINT_INK_CONTRAST = 40;

/**
 * The ink threshold for this page: the fixed one, or, on a faint photocopy whose print never
 * gets that dark (ink at grey 170–200 on paper at 222–236), the paper level minus a contrast.
 * With the fixed threshold alone, faint photocopies were flagged blank and never OCRed.
 */
export function inkThreshold(img: GreyImage): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]!]! += 1;
  let acc = 0;
  let median = 255;
  for (let v = 0; v < 256; v++) if ((acc += hist[v]!) >= img.data.length / 2) {
    median = v;
    break;
  }
  return Math.max(INK, median - FAINT_INK_CONTRAST);
}

/** A page is blank when almost nothing on it is ink (specks and scanner dust stay under this). */
export const BLANK_INK_RATIO = 0.0003;

/**
 * The blank-page check on a small grey copy: ink by the fixed threshold first; a faint photocopy
 * has none that dark, so it is judged against its own paper. `ink` is the threshold to use
 * afterwards on a faint page.
 */
export function blankCheck(img: GreyImage): { blank: boolean; ink?: number } {
  const faint = inkRatio(img) < BLANK_INK_RATIO;
  const ink = faint ? inkThreshold(img) : undefined;
  return { blank: faint && inkRatio(img, ink) < BLANK_INK_RATIO, ink };
}

/**
 * Skew of the text in degrees, clockwise positive, within ±maxDeg; 0 when unsure.
 * Rotating the page by the opposite angle straightens it.
 */
export function estimateSkew(img: GreyImage, maxDeg = 5, ink = INK): number {
  const xs: number[] = [];
  const ys: number[] = [];
  // Ignore a 2% border: scanner edges and punch holes are not text.
  const mx = Math.floor(img.width * 0.02);
  const my = Math.floor(img.height * 0.02);
  for (let y = my; y < img.height - my; y++) {
    const row = y * img.width;
    for (let x = mx; x < img.width - mx; x++) {
      if (img.data[row + x]! < ink) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 200) return 0;
  // Subsample very inky pages: the profile needs thousands of points, not millions.
  const step = Math.max(1, Math.floor(xs.length / 60_000));
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    const bins = new Float64Array(img.height * 2 + 1);
    for (let i = 0; i < xs.length; i += step) {
      // Project onto a row direction tilted by deg: text rows become sharp peaks at the right angle.
      const r = Math.round(ys[i]! - xs[i]! * t) + img.height;
      if (r >= 0 && r < bins.length) bins[r]! += 1;
    }
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  const zeroScore = bestScore;
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += 0.25) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  for (let d = best - 0.25; d <= best + 0.25 + 1e-9; d += 0.05) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  // A flat profile (photos, tables of dots) gives no real peak: do not rotate on noise.
  if (bestScore < zeroScore * 1.02) return 0;
  return Math.round(best * 100) / 100;
}

/** Mean absolute difference between colour channels, 0–255: near 0 for a grey scan stored as RGB. */
export function colourfulness(rgb: Uint8Array, channels: number): number {
  if (channels < 3) return 0;
  let sum = 0;
  let n = 0;
  for (let i = 0; i + 2 < rgb.length; i += channels * 3) {
    const r = rgb[i]!;
    const g = rgb[i + 1]!;
    const b = rgb[i + 2]!;
    sum += Math.max(r, g, b) - Math.min(r, g, b);
    n++;
  }
  return n ? sum / n : 0;
}

/** Share of strongly coloured pixels: a red seal on a white page is colour even if the mean is low. */
export function colouredShare(rgb: Uint8Array, channels: number): number {
  if (channels < 3) return 0;
  let coloured = 0;
  let n = 0;
  for (let i = 0; i + 2 < rgb.length; i += channels) {
    const r = rgb[i]!;
    const g = rgb[i + 1]!;
    const b = rgb[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    n++;
  }
  return n ? coloured / n : 0;
}
