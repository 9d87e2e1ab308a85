/**
 * A TrueType subsetter that keeps glyph ids: unused glyphs become empty, so CIDs can map to
 * glyph ids with /CIDToGIDMap /Identity and nothing is renumbered. Only the tables a PDF
 * renderer needs for a CIDFontType2 are kept. (fontkit's own subsetter produced glyph data
 * that poppler could not read for Tinos, so sohoa does this itself.)
 */
const KEEP = ['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep'];

/** The font's tables by tag (views into `font`). */
export function tables(font: Buffer): Map<string, Buffer> {
  const n = font.readUInt16BE(4);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < n; i++) {
    const rec = 12 + 16 * i;
    const tag = font.toString('latin1', rec, rec + 4);
    const off = font.readUInt32BE(rec + 8);
    const len = font.readUInt32BE(rec + 12);
    out.set(tag, font.subarray(off, off + len));
  }
  return out;
}

function checksum(b: Buffer): number {
  let sum = 0;
  const padded = Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** Glyph ids referenced by a composite glyph (its components). */
function components(glyph: Buffer): number[] {
  if (glyph.length < 10 || glyph.readInt16BE(0) >= 0) return [];
  const out: number[] = [];
  let p = 10;
  for (;;) {
    const flags = glyph.readUInt16BE(p);
    out.push(glyph.readUInt16BE(p + 2));
    p += 4 + (flags & 0x0001 ? 4 : 2);
    if (flags & 0x0008) p += 2;
    else if (flags & 0x0040) p += 4;
    else if (flags & 0x0080) p += 8;
    if (!(flags & 0x0020)) return out;
  }
}

export function subsetTrueType(font: Buffer, glyphIds: Iterable<number>): Buffer {
  const t = tables(font);
  const head = Buffer.from(t.get('head')!);
  const numGlyphs = t.get('maxp')!.readUInt16BE(4);
  const longLoca = head.readInt16BE(50) === 1;
  const loca = t.get('loca')!;
  const glyf = t.get('glyf')!;
  const at = (i: number) => (longLoca ? loca.readUInt32BE(4 * i) : loca.readUInt16BE(2 * i) * 2);
  const glyph = (i: number) => glyf.subarray(at(i), at(i + 1));

  const keep = new Set<number>([0]);
  const todo = [...glyphIds];
  while (todo.length) {
    const g = todo.pop()!;
    if (g >= numGlyphs || keep.has(g)) continue;
    keep.add(g);
    todo.push(...components(glyph(g)));
  }
  keep.add(0);
  for (const g of keep) todo.push(...components(glyph(g)).filter((c) => !keep.has(c)));
  for (const c of todo) keep.add(c);

  const parts: Buffer[] = [];
  const newLoca = Buffer.alloc(4 * (numGlyphs + 1));
  let off = 0;
  for (let i = 0; i < numGlyphs; i++) {
    newLoca.writeUInt32BE(off, 4 * i);
    if (keep.has(i)) {
      const g = glyph(i);
      parts.push(g);
      off += g.length;
      if (off % 4) {
        parts.push(Buffer.alloc(4 - (off % 4)));
        off += 4 - (off % 4);
      }
    }
  }
  newLoca.writeUInt32BE(off, 4 * numGlyphs);
  head.writeInt16BE(1, 50);
  head.writeUInt32BE(0, 8);
  const out = new Map<string, Buffer>();
  for (const tag of KEEP) {
    if (tag === 'glyf') out.set(tag, Buffer.concat(parts));
    else if (tag === 'loca') out.set(tag, newLoca);
    else if (tag === 'head') out.set(tag, head);
    else if (t.has(tag)) out.set(tag, t.get(tag)!);
  }
  const tags = [...out.keys()].sort();
  const dirLen = 12 + 16 * tags.length;
  const headerB = Buffer.alloc(dirLen);
  headerB.writeUInt32BE(0x00010000, 0);
  headerB.writeUInt16BE(tags.length, 4);
  let pow = 1;
  let log = 0;
  while (pow * 2 <= tags.length) {
    pow *= 2;
    log++;
  }
  headerB.writeUInt16BE(pow * 16, 6);
  headerB.writeUInt16BE(log, 8);
  headerB.writeUInt16BE(tags.length * 16 - pow * 16, 10);
  const body: Buffer[] = [];
  let pos = dirLen;
  tags.forEach((tag, i) => {
    const data = out.get(tag)!;
    const rec = 12 + 16 * i;
    headerB.write(tag, rec, 'latin1');
    headerB.writeUInt32BE(checksum(data), rec + 4);
    headerB.writeUInt32BE(pos, rec + 8);
    headerB.writeUInt32BE(data.length, rec + 12);
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    body.push(padded);
    pos += padded.length;
  });
  return Buffer.concat([headerB, ...body]);
}
