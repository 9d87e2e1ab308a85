import { tables } from './ttf-subset.js';

/**
 * What the signature box needs from a TrueType font: glyph ids by code point (cmap), advance
 * widths (hmtx), and the few numbers of the font descriptor. Read straight from the tables,
 * because loading fontkit for this cost more CPU than signing a hundred files.
 */
export interface TrueTypeMetrics {
  unitsPerEm: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  ascent: number;
  descent: number;
  capHeight: number;
  postscriptName?: string;
  /** Glyph id for a code point, 0 (.notdef) when the font has none. */
  glyphId(codePoint: number): number;
  /** Advance width in font units. */
  advanceWidth(glyphId: number): number;
}

export function readTrueType(font: Buffer): TrueTypeMetrics {
  const t = tables(font);
  const need = (tag: string) => {
    const b = t.get(tag);
    if (!b) throw new Error(`the font has no ${tag} table`);
    return b;
  };
  const head = need('head');
  const hhea = need('hhea');
  const hmtx = need('hmtx');
  const os2 = t.get('OS/2');
  const numberOfHMetrics = hhea.readUInt16BE(34);
  const ascent = hhea.readInt16BE(4);
  return {
    unitsPerEm: head.readUInt16BE(18),
    bbox: { minX: head.readInt16BE(36), minY: head.readInt16BE(38), maxX: head.readInt16BE(40), maxY: head.readInt16BE(42) },
    ascent,
    descent: hhea.readInt16BE(6),
    // OS/2 version 2 and later has sCapHeight at 88; older fonts: the ascent, as fontkit does.
    capHeight: os2 && os2.readUInt16BE(0) >= 2 && os2.length >= 90 ? os2.readInt16BE(88) : ascent,
    postscriptName: postscriptName(t.get('name')),
    glyphId: cmapLookup(need('cmap')),
    advanceWidth: (gid) => hmtx.readUInt16BE(4 * Math.min(gid, numberOfHMetrics - 1)),
  };
}

/** A Unicode cmap subtable: format 12 (full range) if there is one, else format 4 (BMP). */
function cmapLookup(cmap: Buffer): (cp: number) => number {
  const n = cmap.readUInt16BE(2);
  const subtables: Array<{ format: number; at: number }> = [];
  for (let i = 0; i < n; i++) {
    const platform = cmap.readUInt16BE(4 + 8 * i);
    const encoding = cmap.readUInt16BE(6 + 8 * i);
    const at = cmap.readUInt32BE(8 + 8 * i);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode) subtables.push({ format: cmap.readUInt16BE(at), at });
  }
  const f12 = subtables.find((s) => s.format === 12);
  if (f12) {
    const groups = cmap.readUInt32BE(f12.at + 12);
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = f12.at + 16 + 12 * mid;
        const start = cmap.readUInt32BE(g);
        const end = cmap.readUInt32BE(g + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else return cmap.readUInt32BE(g + 8) + (cp - start);
      }
      return 0;
    };
  }
  const f4 = subtables.find((s) => s.format === 4);
  if (!f4) throw new Error('the font has no Unicode cmap (format 4 or 12)');
  const segX2 = cmap.readUInt16BE(f4.at + 6);
  const ends = f4.at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let i = 0; i < segX2; i += 2) {
      if (cp > cmap.readUInt16BE(ends + i)) continue;
      const start = cmap.readUInt16BE(starts + i);
      if (cp < start) return 0;
      const delta = cmap.readUInt16BE(deltas + i);
      const ro = cmap.readUInt16BE(rangeOffsets + i);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = cmap.readUInt16BE(rangeOffsets + i + ro + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
}

/** nameID 6 (PostScript name), from a Windows (UTF-16BE) or Macintosh (Roman) record. */
function postscriptName(name: Buffer | undefined): string | undefined {
  if (!name) return undefined;
  const count = name.readUInt16BE(2);
  const strings = name.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const r = 6 + 12 * i;
    if (name.readUInt16BE(r + 6) !== 6) continue;
    const platform = name.readUInt16BE(r);
    const bytes = name.subarray(strings + name.readUInt16BE(r + 10), strings + name.readUInt16BE(r + 10) + name.readUInt16BE(r + 8));
    return platform === 3 || platform === 0 ? Buffer.from(bytes).swap16().toString('utf16le') : bytes.toString('latin1');
  }
  return undefined;
}
