import { deflateSync } from 'node:zlib';
import { pngChunk } from './files.js';

/**
 * Decompression bombs: a page image with huge dimensions whose data compresses to almost
 * nothing (a white page), in the four forms sohoa accepts. Decoding any of them whole needs
 * gigabytes; sohoa must refuse them from their headers. 30000×30000 = 900 megapixels,
 * 3.6 GB as RGBA, in a file of about 100 KB.
 */
export const BOMB_SIDE = 30_000;

/** The 1-bit white page, deflated: (side/8 bytes + optional filter byte) per row. */
function whiteRows(side: number, filterByte: boolean): Buffer {
  const row = Math.ceil(side / 8) + (filterByte ? 1 : 0);
  return deflateSync(Buffer.alloc(row * side, filterByte ? 0 : 0xff), { level: 9 });
}

export function bombPng(side = BOMB_SIDE): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // 1 bit
  ihdr[9] = 0; // greyscale (0 = black: a black page is as bad a bomb as a white one)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', whiteRows(side, true)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Little-endian baseline TIFF, one Deflate strip, 1-bit white-is-zero. */
export function bombTiff(side = BOMB_SIDE): Buffer {
  const strip = whiteRows(side, false);
  const entries: Array<[number, number, number, number]> = [
    // tag, type (3 SHORT, 4 LONG), count, value
    [256, 4, 1, side], // ImageWidth
    [257, 4, 1, side], // ImageLength
    [258, 3, 1, 1], // BitsPerSample
    [259, 3, 1, 8], // Compression: Deflate
    [262, 3, 1, 1], // Photometric: BlackIsZero
    [273, 4, 1, 0], // StripOffsets (patched)
    [277, 3, 1, 1], // SamplesPerPixel
    [278, 4, 1, side], // RowsPerStrip
    [279, 4, 1, strip.length], // StripByteCounts
  ];
  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  const dataOffset = ifdOffset + ifdSize;
  entries[5]![3] = dataOffset;
  const head = Buffer.alloc(dataOffset);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(ifdOffset, 4);
  head.writeUInt16LE(entries.length, ifdOffset);
  entries.forEach(([tag, type, count, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    head.writeUInt16LE(tag, at);
    head.writeUInt16LE(type, at + 2);
    head.writeUInt32LE(count, at + 4);
    if (type === 3) head.writeUInt16LE(value, at + 8);
    else head.writeUInt32LE(value, at + 8);
  });
  head.writeUInt32LE(0, ifdOffset + 2 + entries.length * 12); // no next IFD
  return Buffer.concat([head, strip]);
}

/**
 * Baseline greyscale JPEG header for side×side with one tiny Huffman table and a few bytes of
 * scan data: every block after the first repeats "no change", which is how a blank page
 * compresses. A decoder allocates the whole frame before it finds the data short.
 */
export function bombJpeg(side = BOMB_SIDE): Buffer {
  const seg = (marker: number, body: Buffer) => {
    const h = Buffer.alloc(4);
    h.writeUInt16BE(0xff00 | marker, 0);
    h.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([h, body]);
  };
  const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 1, 0, 200, 0, 200, 0, 0]);
  const dqt = Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)]);
  const sof = Buffer.alloc(9);
  sof[0] = 8;
  sof.writeUInt16BE(side, 1);
  sof.writeUInt16BE(side, 3);
  sof[5] = 1;
  sof[6] = 1;
  sof[7] = 0x11;
  sof[8] = 0;
  // DC and AC tables with one 1-bit code each (0 → category 0 / end of block).
  const table = (cls: number) => Buffer.concat([Buffer.from([cls << 4]), Buffer.from([1, ...Array(15).fill(0)]), Buffer.from([0])]);
  const sos = Buffer.from([1, 1, 0x00, 0, 63, 0]);
  const scan = Buffer.alloc(64, 0x00);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, jfif),
    seg(0xdb, dqt),
    seg(0xc0, sof),
    seg(0xc4, table(0)),
    seg(0xc4, table(1)),
    seg(0xda, sos),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A one-page PDF whose page is one side×side 1-bit Flate image: the 875 KB / 8 GB case of issue 16. */
export function bombPdf(side = BOMB_SIDE): Buffer {
  const img = whiteRows(side, false);
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const add = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    size += buf.length;
  };
  const obj = (n: number, body: string, stream?: Buffer) => {
    offsets[n] = size;
    add(`${n} 0 obj\n${body}\n`);
    if (stream) {
      add('stream\n');
      add(stream);
      add('\nendstream\n');
    }
    add('endobj\n');
  };
  add('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>');
  obj(4, `<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode /Length ${img.length} >>`, img);
  const content = Buffer.from('q 595 0 0 842 0 0 cm /Im0 Do Q', 'latin1');
  obj(5, `<< /Length ${content.length} >>`, content);
  const xref = size;
  add(`xref\n0 6\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  add(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}
