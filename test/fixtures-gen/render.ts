import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import sharp from 'sharp';
import { pageLines } from './text.js';

const require = createRequire(import.meta.url);
const FONT = path.join(path.dirname(require.resolve('@expo-google-fonts/tinos/package.json')), '400Regular', 'Tinos_400Regular.ttf');
let fontReady = false;

export interface RenderOptions {
  /** 1-based page number: selects the text. */
  page?: number;
  /** Text to draw instead of the generated page text (e.g. the demo inbox's documents). */
  lines?: string[];
  dpi?: number;
  /** Skew in degrees (clockwise), as a scanner feeding the sheet slightly askew. */
  rotateDeg?: number;
  /** Specks per pixel (scanner dust); default 0.00002, a few dozen per page. */
  noise?: number;
  /** Amplitude of paper grain in grey levels; default 24. */
  grain?: number;
  /** Colour scan: a red seal outline (top right) and slightly tinted paper. */
  colour?: boolean;
  /** Page size in inches; default A5 to keep fixtures small and tests fast. */
  widthIn?: number;
  heightIn?: number;
  bodyLines?: number;
  format?: 'png' | 'jpeg' | 'tiff';
  /** Extra quarter turns (90, 180, 270) applied after rendering, as an upside-down scan. */
  quarterTurn?: 0 | 90 | 180 | 270;
}

export interface RenderedPage {
  image: Buffer;
  /** The text drawn, one line per line. */
  text: string;
  width: number;
  height: number;
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/** Greedy word wrap, so the ground truth is exactly what is on the page. */
function wrap(lines: string[], measure: (t: string) => number, maxWidth: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let cur = '';
    for (const word of line.split(' ')) {
      const next = cur ? `${cur} ${word}` : word;
      if (cur && measure(next) > maxWidth) {
        out.push(cur);
        cur = word;
      } else cur = next;
    }
    if (cur) out.push(cur);
  }
  return out;
}

/** Renders Vietnamese administrative text as a scanned page: Tinos 12 pt, slight skew, specks. */
export async function renderPage(opts: RenderOptions = {}): Promise<RenderedPage> {
  if (!fontReady) {
    GlobalFonts.registerFromPath(FONT, 'TinosFixture');
    fontReady = true;
  }
  const dpi = opts.dpi ?? 300;
  const w = Math.round((opts.widthIn ?? 5.83) * dpi);
  const h = Math.round((opts.heightIn ?? 8.27) * dpi);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = opts.colour ? '#fbf7ee' : '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.translate(w / 2, h / 2);
  ctx.rotate(((opts.rotateDeg ?? 0) * Math.PI) / 180);
  ctx.translate(-w / 2, -h / 2);
  const px = (12 / 72) * dpi;
  ctx.font = `${px}px TinosFixture`;
  ctx.fillStyle = '#111111';
  const margin = 0.5 * dpi;
  const lines = wrap(opts.lines ?? pageLines(opts.page ?? 1, opts.bodyLines ?? 10), (t) => ctx.measureText(t).width, w - 2 * margin);
  let y = margin + px;
  for (const line of lines) {
    ctx.fillText(line, margin, y);
    y += px * 1.7;
  }
  if (opts.colour) {
    ctx.strokeStyle = '#d02020';
    ctx.lineWidth = dpi / 60;
    ctx.beginPath();
    ctx.arc(w - margin - dpi * 0.4, margin + dpi * 0.4, dpi * 0.35, 0, Math.PI * 2);
    ctx.stroke();
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  // Scanner dust: a few specks per page; paper grain: ±grain grey levels on every pixel.
  const specks = Math.round((w * h * (opts.noise ?? 0.00002)) / 4);
  let seed = (opts.page ?? 1) * 7919;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  ctx.fillStyle = '#333333';
  for (let i = 0; i < specks; i++) ctx.fillRect(rnd() * w, rnd() * h, 1 + rnd() * 2, 1 + rnd() * 2);
  const raw = ctx.getImageData(0, 0, w, h).data;
  const grain = opts.grain ?? 24;
  for (let i = 0; i < raw.length; i += 4) {
    const d = Math.round((rnd() - 0.5) * grain);
    raw[i] = clamp(raw[i]! + d);
    raw[i + 1] = clamp(raw[i + 1]! + d);
    raw[i + 2] = clamp(raw[i + 2]! + d);
  }
  let img = sharp(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), { raw: { width: w, height: h, channels: 4 } });
  if (!opts.colour) img = img.toColourspace('b-w'); // a real one-channel grey scan
  else img = img.removeAlpha();
  if (opts.quarterTurn) img = sharp(await img.png().toBuffer()).rotate(opts.quarterTurn);
  img = img.withMetadata({ density: dpi });
  const format = opts.format ?? 'png';
  const image =
    format === 'jpeg' ? await img.jpeg({ quality: 88 }).toBuffer() : format === 'tiff' ? await img.tiff({ compression: 'lzw' }).toBuffer() : await img.png({ compressionLevel: 6 }).toBuffer();
  const turned = opts.quarterTurn === 90 || opts.quarterTurn === 270;
  return { image, text: lines.join('\n'), width: turned ? h : w, height: turned ? w : h };
}
