import { crc32, deflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';

const require = createRequire(import.meta.url);
const TINOS = path.join(path.dirname(require.resolve('@expo-google-fonts/tinos/package.json')), '400Regular', 'Tinos_400Regular.ttf');

/** A multi-page TIFF of small pages, each with one black bar (not blank) unless `blank`. */
export async function multiPageTiff(pages: number, opts: { width?: number; height?: number; dpi?: number; blank?: boolean } = {}): Promise<Buffer> {
  const w = opts.width ?? 300;
  const h = opts.height ?? 420;
  const buf = Buffer.alloc(w * h * pages, 255);
  if (!opts.blank) {
    for (let i = 0; i < pages; i++) for (let y = 100; y < 130; y++) buf.fill(0, i * w * h + y * w + 40, i * w * h + y * w + 260);
  }
  return sharp(buf, { raw: { width: w, height: h * pages, channels: 1, pageHeight: h } })
    .withMetadata({ density: opts.dpi ?? 300 })
    .tiff({ compression: 'lzw' })
    .toBuffer();
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A tiny PNG whose header claims width × height pixels: a pixel bomb (a few hundred bytes). */
export function pixelBombPng(width = 60_000, height = 60_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = deflateSync(Buffer.alloc(64)); // far too little data: never meant to be decoded
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', rows), pngChunk('IEND', Buffer.alloc(0))]);
}

/** An image-only PDF: each JPEG placed at its real size for `dpi` (like a scanner's PDF). */
export async function imagePdf(jpegs: Buffer[], dpi: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (const jpg of jpegs) {
    const img = await doc.embedJpg(jpg);
    const page = doc.addPage([(img.width * 72) / dpi, (img.height * 72) / dpi]);
    page.drawImage(img, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return Buffer.from(await doc.save());
}

/** A born-digital PDF with a real text layer in Vietnamese (Tinos). */
export async function textPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(TINOS), { subset: true });
  const page = doc.addPage([420, 595]);
  lines.forEach((line, i) => page.drawText(line, { x: 40, y: 540 - i * 20, size: 12, font }));
  return Buffer.from(await doc.save());
}

/** A PDF whose trailer names an /Encrypt dictionary (structure only: enough for sohoa to refuse it). */
export function encryptedPdfStub(): Buffer {
  const body = [
    '%PDF-1.7',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj',
    '3 0 obj << /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00> /U <00> >> endobj',
    'trailer << /Root 1 0 R /Encrypt 3 0 R /Size 4 >>',
    '%%EOF',
  ];
  return Buffer.from(body.join('\n') + '\n', 'latin1');
}

/** Corrupts the middle of a file's data (not its header), like a bad sector or a broken transfer. */
export function corruptMiddle(buf: Buffer, from = 0.4, to = 0.8): Buffer {
  const out = Buffer.from(buf);
  for (let i = Math.floor(out.length * from); i < Math.floor(out.length * to); i++) out[i] = (i * 131) & 0xff;
  return out;
}
