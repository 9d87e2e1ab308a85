/**
 * A minimal, valid ICC v2 display profile for sRGB (IEC 61966-2.1): D50-adapted primaries
 * and the sRGB tone curve as a 1024-entry table. PDF/A needs an output intent profile; we build
 * it here rather than ship or download one.
 */

const s15 = (v: number) => Math.round(v * 65536);

function xyzTag(x: number, y: number, z: number): Buffer {
  const b = Buffer.alloc(20);
  b.write('XYZ ', 0, 'latin1');
  b.writeInt32BE(s15(x), 8);
  b.writeInt32BE(s15(y), 12);
  b.writeInt32BE(s15(z), 16);
  return b;
}

function curveTag(): Buffer {
  const n = 1024;
  const b = Buffer.alloc(12 + n * 2);
  b.write('curv', 0, 'latin1');
  b.writeUInt32BE(n, 8);
  for (let i = 0; i < n; i++) {
    const v = i / (n - 1);
    const lin = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    b.writeUInt16BE(Math.round(lin * 65535), 12 + i * 2);
  }
  return b;
}

function descTag(text: string): Buffer {
  const ascii = Buffer.from(text + '\0', 'latin1');
  // textDescriptionType: ASCII part, empty Unicode part, empty ScriptCode part (67 bytes).
  const b = Buffer.alloc(12 + ascii.length + 4 + 4 + 2 + 1 + 67);
  b.write('desc', 0, 'latin1');
  b.writeUInt32BE(ascii.length, 8);
  ascii.copy(b, 12);
  return b;
}

function textTag(text: string): Buffer {
  const ascii = Buffer.from(text + '\0', 'latin1');
  const b = Buffer.alloc(8 + ascii.length);
  b.write('text', 0, 'latin1');
  ascii.copy(b, 8);
  return b;
}

const pad4 = (n: number) => (n + 3) & ~3;

let cached: Uint8Array | undefined;

export function srgbIccProfile(): Uint8Array {
  if (cached) return cached;
  const curve = curveTag();
  const tags: Array<[string, Buffer]> = [
    ['desc', descTag('sRGB IEC61966-2.1')],
    ['cprt', textTag('No copyright, use freely')],
    ['wtpt', xyzTag(0.9642, 1.0, 0.8249)],
    ['rXYZ', xyzTag(0.4361, 0.2225, 0.0139)],
    ['gXYZ', xyzTag(0.3851, 0.7169, 0.0971)],
    ['bXYZ', xyzTag(0.1431, 0.0606, 0.7141)],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve],
  ];
  const tableSize = 4 + tags.length * 12;
  let offset = pad4(128 + tableSize);
  const placed = new Map<Buffer, number>();
  const entries: Array<[string, number, number]> = [];
  const blobs: Array<[number, Buffer]> = [];
  for (const [sig, data] of tags) {
    let at = placed.get(data);
    if (at === undefined) {
      at = offset;
      placed.set(data, at);
      blobs.push([at, data]);
      offset = pad4(offset + data.length);
    }
    entries.push([sig, at, data.length]);
  }
  const out = Buffer.alloc(offset);
  out.writeUInt32BE(offset, 0);
  out.writeUInt32BE(0x02100000, 8); // version 2.1
  out.write('mntrRGB XYZ ', 12, 'latin1');
  const now = new Date(Date.UTC(2024, 0, 1));
  [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), 0, 0, 0].forEach((v, i) => out.writeUInt16BE(v, 24 + i * 2));
  out.write('acsp', 36, 'latin1');
  out.writeUInt32BE(0, 64); // perceptual intent
  out.writeInt32BE(s15(0.9642), 68);
  out.writeInt32BE(s15(1.0), 72);
  out.writeInt32BE(s15(0.8249), 76);
  out.writeUInt32BE(tags.length, 128);
  entries.forEach(([sig, at, len], i) => {
    out.write(sig, 132 + i * 12, 'latin1');
    out.writeUInt32BE(at, 136 + i * 12);
    out.writeUInt32BE(len, 140 + i * 12);
  });
  for (const [at, data] of blobs) data.copy(out, at);
  cached = new Uint8Array(out);
  return cached;
}
