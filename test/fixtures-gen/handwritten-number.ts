import { createCanvas } from '@napi-rs/canvas';
import { prng, renderOfficial } from './official-page.js';
import { officialText, type Split } from './official-text.js';

/** Pen and numbering-stamp inks: near-black, dark blue, ballpoint blue, violet. */
const INKS = ['#202028', '#1b2a6b', '#1f3fb0', '#4a2a6a'];

export interface HandwrittenNumberPage {
  /** RGBA, for preparePage's raw input. */
  rgba: Buffer;
  width: number;
  height: number;
  dpi: number;
  /** What the number line says: the number written by hand, the notation printed. */
  number: string;
  notation: string;
}

/**
 * An official page whose number was left blank at printing ("Số:          /QĐ-UBND") and
 * written in by hand afterwards, as on most signed paper copies: a slanted, heavier hand in
 * pen ink, crowding the "/" (OCR then glues the digits to the notation or loses the slash).
 */
export function handwrittenNumberPage(split: Split, n: number, dpi = 300): HandwrittenNumberPage {
  const text = officialText(split, n);
  const notation = text.left[2]!.split('/')[1]!;
  const number = String(20 + ((n * 37) % 900));
  text.left[2] = `Số:          /${notation}`;
  const page = renderOfficial(text, { dpi, seed: n });
  const canvas = createCanvas(page.width, page.height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(page.width, page.height);
  for (let p = 0, q = 0; q < page.rgb.length; p += 4, q += 3) {
    img.data[p] = page.rgb[q]!;
    img.data[p + 1] = page.rgb[q + 1]!;
    img.data[p + 2] = page.rgb[q + 2]!;
    img.data[p + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  // Where renderOfficial put the number line: third line of the left header column, centred.
  const pt = (v: number) => (v / 72) * dpi;
  const left = 1.18 * dpi;
  const right = page.width - 0.79 * dpi;
  const cx = (left + left + (right - left) * 0.4) / 2 - pt(20);
  const y = 0.79 * dpi + pt(12.5) + 2 * pt(13) * 1.25;
  ctx.font = `${pt(12.5)}px TinosOfficial`;
  const slashX = cx - ctx.measureText(text.left[2]).width / 2 + ctx.measureText('Số:          ').width;
  const rnd = prng(n * 7 + 1);
  ctx.globalCompositeOperation = 'multiply';
  ctx.fillStyle = INKS[n % INKS.length]!;
  ctx.font = `italic bold ${pt(17 + rnd() * 5)}px TinosOfficialBold`;
  const w = ctx.measureText(number).width;
  ctx.translate(slashX - w - pt(1) + rnd() * pt(6), y + pt(2) * (rnd() - 0.3));
  ctx.rotate((rnd() - 0.5) * 0.25);
  ctx.fillText(number, 0, 0);
  const rgba = Buffer.from(ctx.getImageData(0, 0, page.width, page.height).data.buffer);
  return { rgba, width: page.width, height: page.height, dpi, number, notation };
}
