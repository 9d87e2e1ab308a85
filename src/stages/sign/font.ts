import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { readTrueType, type TrueTypeMetrics } from './ttf-metrics.js';
import { subsetTrueType } from './ttf-subset.js';
import { PdfStream, dict, name, PdfString, type PdfRef, type PdfValue } from '../../verify/pdf/objects.js';

const require = createRequire(import.meta.url);

let tinos: TrueTypeMetrics | undefined;

/** Tinos Regular (OFL, metric-compatible with Times New Roman, full Vietnamese coverage). */
let tinosFile: Buffer | undefined;

function tinosBytes(): Buffer {
  tinosFile ??= readFileSync(require.resolve('@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf'));
  return tinosFile;
}

function loadTinos(): TrueTypeMetrics {
  tinos ??= readTrueType(tinosBytes());
  return tinos;
}

/**
 * A subset of Tinos for a fixed set of characters, embedded as a Type0/Identity-H font
 * with a ToUnicode map so that copied text (and search) gives the right Vietnamese letters.
 * Subsets are cached: the nightly run signs thousands of files with the same agency name.
 */
export interface FontSubset {
  /** Hex glyph codes for a string, for a `<…> Tj` operator. */
  encode(text: string): string;
  /** Width in points at `size`. */
  width(text: string, size: number): number;
  /** The font's objects; `ref(i)` gives the reference of the i-th returned object. */
  objects(alloc: () => PdfRef): { font: PdfRef; objects: Array<[PdfRef, PdfValue]> };
}

const cache = new Map<string, Promise<FontSubset>>();

/** Digits and punctuation of the ISO 8601 time are always in, so the subset only depends on the fixed lines. */
const ALWAYS = '0123456789-:+T ';

export function tinosSubset(text: string): Promise<FontSubset> {
  const chars = [...new Set([...(ALWAYS + text).normalize('NFC')])].sort().join('');
  let p = cache.get(chars);
  if (!p) {
    p = buildSubset(chars);
    cache.set(chars, p);
    if (cache.size > 64) cache.delete(cache.keys().next().value!);
  }
  return p;
}

async function buildSubset(chars: string): Promise<FontSubset> {
  const font = loadTinos();
  const scale = 1000 / font.unitsPerEm;
  // CIDs are the font's own glyph ids (Identity map); the subset keeps ids.
  const byChar = new Map<string, { cid: number; width: number; unicode: number }>();
  for (const ch of chars) {
    const id = font.glyphId(ch.codePointAt(0)!);
    if (id === 0) continue;
    byChar.set(ch, { cid: id, width: Math.round(font.advanceWidth(id) * scale), unicode: ch.codePointAt(0)! });
  }
  const fontFile = subsetTrueType(tinosBytes(), [...byChar.values()].map((e) => e.cid));
  const tag = 'SOHOA' + String.fromCharCode(65 + (chars.length % 26));
  const baseName = `${tag}+${(font.postscriptName ?? 'Tinos-Regular').replace(/[^A-Za-z0-9-]/g, '')}`;
  const entries = [...byChar.values()].sort((a, b) => a.cid - b.cid);
  const widths: PdfValue[] = [];
  for (const e of entries) widths.push(e.cid, [e.width]);
  const hex4 = (n: number) => n.toString(16).padStart(4, '0').toUpperCase();
  const bfchar = entries.map((e) => `<${hex4(e.cid)}> <${Buffer.from(String.fromCodePoint(e.unicode), 'utf16le').swap16().toString('hex').toUpperCase()}>`);
  const cmap = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    `${bfchar.length} beginbfchar`,
    ...bfchar,
    'endbfchar',
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
  const flate = (b: Buffer) => zlib.deflateSync(b);
  const fontFileZ = flate(fontFile);
  const cmapZ = flate(Buffer.from(cmap, 'latin1'));
  const bbox = font.bbox;
  return {
    encode(text) {
      let out = '';
      for (const ch of text.normalize('NFC')) out += hex4(byChar.get(ch)?.cid ?? 0);
      return out;
    },
    width(text, size) {
      let w = 0;
      for (const ch of text.normalize('NFC')) w += byChar.get(ch)?.width ?? 0;
      return (w * size) / 1000;
    },
    objects(alloc) {
      const [type0, cidFont, descriptor, file, toUnicode] = [alloc(), alloc(), alloc(), alloc(), alloc()];
      return {
        font: type0,
        objects: [
          [type0, dict({ Type: name('Font'), Subtype: name('Type0'), BaseFont: name(baseName), Encoding: name('Identity-H'), DescendantFonts: [cidFont], ToUnicode: toUnicode })],
          [
            cidFont,
            dict({
              Type: name('Font'),
              Subtype: name('CIDFontType2'),
              BaseFont: name(baseName),
              CIDSystemInfo: dict({ Registry: new PdfString(Buffer.from('Adobe')), Ordering: new PdfString(Buffer.from('Identity')), Supplement: 0 }),
              FontDescriptor: descriptor,
              W: widths,
              CIDToGIDMap: name('Identity'),
            }),
          ],
          [
            descriptor,
            dict({
              Type: name('FontDescriptor'),
              FontName: name(baseName),
              Flags: 6,
              FontBBox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((v) => Math.round(v * scale)),
              ItalicAngle: 0,
              Ascent: Math.round(font.ascent * scale),
              Descent: Math.round(font.descent * scale),
              CapHeight: Math.round(font.capHeight * scale),
              StemV: 80,
              FontFile2: file,
            }),
          ],
          [file, new PdfStream(dict({ Filter: name('FlateDecode'), Length1: fontFile.length }), fontFileZ)],
          [toUnicode, new PdfStream(dict({ Filter: name('FlateDecode') }), cmapZ)],
        ],
      };
    },
  };
}
