import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import type { OfficialText } from './official-text.js';

const require = createRequire(import.meta.url);
const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
let fontsReady = false;

export interface Overlay {
  /** A red round seal (multiplied over the page) centred on the body text; opacity 0–1. */
  seal?: number;
  /** Blue-ink signature strokes over the body text: number of strokes. */
  signature?: number;
}

export interface OfficialRender {
  /** RGB, 3 channels. */
  rgb: Uint8ClampedArray;
  width: number;
  height: number;
  /** Ground truth in reading order: left header block, right header block, title, body. */
  truth: string;
}

/** A seeded PRNG (mulberry32): the same seed draws the same page. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function wrap(ctx: SKRSContext2D, lines: string[], maxWidth: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let cur = '';
    for (const word of line.split(' ')) {
      const next = cur ? `${cur} ${word}` : word;
      if (cur && ctx.measureText(next).width > maxWidth) {
        out.push(cur);
        cur = word;
      } else cur = next;
    }
    if (cur) out.push(cur);
  }
  return out;
}

/**
 * An A4 page laid out like a Decree 30/2020 document: a two-column header (agency and number
 * on the left, national motto and date on the right), a centred title, then the body in
 * Tinos 13 pt. `rotateDeg` skews the whole sheet as a scanner feeding it askew.
 */
export function renderOfficial(text: OfficialText, opts: { dpi: number; rotateDeg?: number; overlay?: Overlay; seed: number }): OfficialRender {
  if (!fontsReady) {
    GlobalFonts.registerFromPath(path.join(FONT_DIR, '400Regular', 'Tinos_400Regular.ttf'), 'TinosOfficial');
    GlobalFonts.registerFromPath(path.join(FONT_DIR, '700Bold', 'Tinos_700Bold.ttf'), 'TinosOfficialBold');
    fontsReady = true;
  }
  const { dpi } = opts;
  const w = Math.round(8.27 * dpi);
  const h = Math.round(11.69 * dpi);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.translate(w / 2, h / 2);
  ctx.rotate(((opts.rotateDeg ?? 0) * Math.PI) / 180);
  ctx.translate(-w / 2, -h / 2);
  const pt = (n: number) => (n / 72) * dpi;
  const left = 1.18 * dpi; // 30 mm
  const right = w - 0.79 * dpi; // 20 mm
  let y = 0.79 * dpi;
  ctx.fillStyle = '#141414';
  ctx.textBaseline = 'alphabetic';
  const truth: string[] = [];
  const centred = (line: string, cx: number, yy: number) => ctx.fillText(line, cx - ctx.measureText(line).width / 2, yy);

  if (text.left.length || text.right.length) {
    // Header: left column ~40% of the text width, right column the rest; each line centred in its column.
    const split = left + (right - left) * 0.4;
    const lh = pt(13) * 1.25;
    text.left.forEach((line, i) => {
      ctx.font = `${i === 1 ? 'bold ' : ''}${pt(12.5)}px ${i === 1 ? 'TinosOfficialBold' : 'TinosOfficial'}`;
      centred(line, (left + split) / 2 - pt(20), y + pt(12.5) + i * lh);
    });
    text.right.forEach((line, i) => {
      ctx.font = `${pt(12.5)}px ${i === 0 ? 'TinosOfficialBold' : 'TinosOfficial'}`;
      centred(line, (split + right) / 2 + pt(10), y + pt(12.5) + i * lh);
    });
    truth.push(...text.left, ...text.right);
    y += Math.max(text.left.length, text.right.length) * lh + pt(26);
  }
  if (text.title.length) {
    text.title.forEach((line, i) => {
      ctx.font = `${pt(13.5)}px ${i === 0 ? 'TinosOfficialBold' : 'TinosOfficial'}`;
      centred(line, (left + right) / 2, y + pt(13.5));
      y += pt(13.5) * 1.4;
    });
    truth.push(...text.title);
    y += pt(12);
  }
  ctx.font = `${pt(13)}px TinosOfficial`;
  const body = wrap(ctx, text.body, right - left);
  const bodyTop = y;
  for (const line of body) {
    ctx.fillText(line, left, y + pt(13));
    y += pt(13) * 1.5;
  }
  truth.push(...body);
  const rnd = prng(opts.seed ^ 0x5eed);
  if (opts.overlay?.seal) drawSeal(ctx, left + (right - left) * 0.62, (bodyTop + y) / 2, dpi, opts.overlay.seal);
  if (opts.overlay?.signature) drawSignature(ctx, left + (right - left) * 0.35, (bodyTop + y) / 2, dpi, opts.overlay.signature, rnd);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const rgba = ctx.getImageData(0, 0, w, h).data;
  const rgb = new Uint8ClampedArray(w * h * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return { rgb, width: w, height: h, truth: truth.join('\n') };
}

/** A commune seal: two rings, the agency's name round the ring, a star; red ink multiplied over the text. */
function drawSeal(ctx: SKRSContext2D, cx: number, cy: number, dpi: number, opacity: number): void {
  const r = 0.72 * dpi;
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  ctx.globalAlpha = opacity;
  ctx.strokeStyle = '#d8202a';
  ctx.fillStyle = '#d8202a';
  ctx.lineWidth = dpi / 40;
  for (const rr of [r, r * 0.7]) {
    ctx.beginPath();
    ctx.arc(cx, cy, rr, 0, Math.PI * 2);
    ctx.stroke();
  }
  ctx.font = `bold ${dpi * 0.13}px TinosOfficialBold`;
  const ring = 'ỦY BAN NHÂN DÂN * TỈNH TRÀ VINH * ';
  [...ring].forEach((ch, i) => {
    ctx.save();
    ctx.translate(cx, cy);
    ctx.rotate((i / ring.length) * Math.PI * 2);
    ctx.fillText(ch, -dpi * 0.04, -r * 0.78);
    ctx.restore();
  });
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const rad = i % 2 ? r * 0.16 : r * 0.4;
    const a = (i / 10) * Math.PI * 2 - Math.PI / 2;
    ctx.lineTo(cx + Math.cos(a) * rad, cy + Math.sin(a) * rad);
  }
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}

/** Blue ballpoint strokes: loops and a long underline, as a signature drawn across printed lines. */
function drawSignature(ctx: SKRSContext2D, cx: number, cy: number, dpi: number, strokes: number, rnd: () => number): void {
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  ctx.strokeStyle = '#1f3fb0';
  ctx.lineWidth = dpi / 75;
  ctx.lineCap = 'round';
  for (let s = 0; s < strokes; s++) {
    ctx.beginPath();
    let x = cx - dpi * 1.2 + rnd() * dpi * 0.3;
    let y = cy - dpi * 0.3 + s * dpi * 0.25;
    ctx.moveTo(x, y);
    for (let k = 0; k < 6; k++) {
      const nx = x + dpi * (0.3 + rnd() * 0.3);
      const ny = y + (rnd() - 0.5) * dpi * 0.5;
      ctx.bezierCurveTo(x + dpi * 0.2, y - dpi * 0.4 * rnd(), nx - dpi * 0.2, ny + dpi * 0.4 * rnd(), nx, ny);
      [x, y] = [nx, ny];
    }
    ctx.stroke();
  }
  ctx.restore();
}
