import { promises as fsp } from 'node:fs';
import zlib from 'node:zlib';
import { COPY_TYPES } from '../../config/schema.js';
import { SigningError } from '../../errors.js';
import { PdfStream, dict, name, type PdfRef, type PdfValue } from '../../verify/pdf/objects.js';
import { tinosSubset } from './font.js';
import { placeTopRight } from './placement.js';

export type AppearanceKind = 'copy' | 'none' | 'seal';
export { COPY_TYPES };
export type CopyType = (typeof COPY_TYPES)[number];

export interface AppearanceOptions {
  kind: AppearanceKind;
  copyType: CopyType;
  agency: string;
  time: Date;
  /** Transparent PNG of the agency's red seal, for kind `seal`. */
  seal?: string;
}

export interface BuiltAppearance {
  rect: number[];
  ap?: PdfRef;
  objects: Array<[PdfRef, PdfValue]>;
}

const FONT_SIZE = 10;
const LEADING = 12;
const PAD = 4;

/** ISO 8601 in Vietnam time, as Decree 30/2020 Annex I shows it: 2022-01-13T10:20:00+07:00. */
export function isoVietnam(d: Date): string {
  return new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19) + '+07:00';
}

/** The three lines of the Decree 30/2020 Annex I copy signature. */
export function appearanceLines(o: Pick<AppearanceOptions, 'copyType' | 'agency' | 'time'>): string[] {
  return [o.copyType, o.agency, isoVietnam(o.time)];
}

/**
 * The visible signature for a copy made from paper (Decree 30/2020, Annex I): a box at the
 * top right of page 1, no image, three lines in 10 pt Tinos, black, on an opaque white ground
 * with a thin border. Boxes already on the page (`taken`) are never overlapped: see
 * placement.ts. The `seal` variant adds the agency seal at its actual size left of the text.
 */
export async function buildAppearance(o: AppearanceOptions, box: number[], alloc: () => PdfRef, rotate = 0, taken: number[][] = []): Promise<BuiltAppearance> {
  if (o.kind === 'none') return { rect: [0, 0, 0, 0], objects: [] };
  const lines = appearanceLines(o);
  const font = await tinosSubset(lines.slice(0, 2).join(''));
  const textW = Math.max(...lines.map((l) => font.width(l, FONT_SIZE)));
  const textH = lines.length * LEADING;
  const seal = o.kind === 'seal' ? await loadSeal(o.seal) : undefined;
  const sealW = seal?.widthPt ?? 0;
  const sealH = seal?.heightPt ?? 0;
  const w = Math.ceil(textW + 2 * PAD + (seal ? sealW + PAD : 0));
  const h = Math.ceil(Math.max(textH + 2 * PAD, sealH + 2 * PAD));
  const { rect, matrix } = placeTopRight(box, w, h, rotate, taken);

  const objects: Array<[PdfRef, PdfValue]> = [];
  const f = font.objects(alloc);
  objects.push(...f.objects);
  // Opaque white ground, then a thin black border: on a scan the box would otherwise sit
  // over the header or the red seal and neither would be readable.
  const ops: string[] = ['q', '1 g', `0 0 ${w} ${h} re f`, '0 G 0.5 w', `0.25 0.25 ${w - 0.5} ${h - 0.5} re S`];
  const resources = dict({ Font: dict({ F1: f.font }) });
  if (seal) {
    const img = alloc();
    const mask = alloc();
    objects.push([mask, seal.mask(mask)], [img, seal.image(mask)]);
    resources.set('XObject', dict({ Seal: img }));
    ops.push(`q ${sealW} 0 0 ${sealH} ${PAD} ${(h - sealH) / 2} cm /Seal Do Q`);
  }
  const textX = PAD + (seal ? sealW + PAD : 0);
  const firstBaseline = h - PAD - (LEADING - FONT_SIZE) / 2 - FONT_SIZE * 0.8;
  ops.push('BT', `/F1 ${FONT_SIZE} Tf`, '0 g', `${textX} ${firstBaseline.toFixed(2)} Td`);
  lines.forEach((l, i) => ops.push(`${i ? `0 ${-LEADING} Td ` : ''}<${font.encode(l)}> Tj`));
  ops.push('ET', 'Q');
  const ap = alloc();
  objects.push([
    ap,
    new PdfStream(
      dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, w, h], Matrix: matrix, Resources: resources, Filter: name('FlateDecode') }),
      zlib.deflateSync(Buffer.from(ops.join('\n'), 'latin1')),
    ),
  ]);
  return { rect, ap, objects };
}

interface Seal {
  widthPt: number;
  heightPt: number;
  image(mask: PdfRef): PdfStream;
  mask(self: PdfRef): PdfStream;
}

const sealCache = new Map<string, Promise<Seal>>();

function loadSeal(file: string | undefined): Promise<Seal> {
  if (!file) throw new SigningError('The seal appearance needs --seal PNG (a transparent PNG of the agency seal)', { key: 'sign.err.needsSeal' });
  let p = sealCache.get(file);
  if (!p) {
    p = readSeal(file);
    sealCache.set(file, p);
    p.catch(() => sealCache.delete(file));
  }
  return p;
}

/** The seal at its actual size: the PNG's own resolution (pHYs), else 96 dpi. */
async function readSeal(file: string): Promise<Seal> {
  let png: Buffer;
  try {
    png = await fsp.readFile(file);
  } catch (e) {
    throw new SigningError(`Cannot read the seal image ${file}: ${(e as Error).message}`, { cause: e, file, key: 'sign.err.sealUnreadable', params: { file, detail: (e as Error).message } });
  }
  try {
    // Loaded only for a seal: sharp's start-up is a tenth of a second a process.
    const { default: sharp } = await import('sharp');
    const meta = await sharp(png).metadata();
    if (meta.format !== 'png') throw new Error(`it is ${meta.format ?? 'not an image'}`);
    const { data, info } = await sharp(png, { limitInputPixels: 25_000_000 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const n = info.width * info.height;
    const rgb = Buffer.alloc(n * 3);
    const alpha = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      rgb[3 * i] = data[4 * i]!;
      rgb[3 * i + 1] = data[4 * i + 1]!;
      rgb[3 * i + 2] = data[4 * i + 2]!;
      alpha[i] = data[4 * i + 3]!;
    }
    const dpi = meta.density && meta.density > 0 ? meta.density : 96;
    const rgbZ = zlib.deflateSync(rgb);
    const alphaZ = zlib.deflateSync(alpha);
    const base = { Type: name('XObject'), Subtype: name('Image'), Width: info.width, Height: info.height, BitsPerComponent: 8, Filter: name('FlateDecode') };
    return {
      widthPt: Math.round(((info.width * 72) / dpi) * 100) / 100,
      heightPt: Math.round(((info.height * 72) / dpi) * 100) / 100,
      image: (mask) => new PdfStream(dict({ ...base, ColorSpace: name('DeviceRGB'), SMask: mask }), rgbZ),
      mask: () => new PdfStream(dict({ ...base, ColorSpace: name('DeviceGray') }), alphaZ),
    };
  } catch (e) {
    throw new SigningError(`Expected a transparent PNG for the seal (${file}): ${(e as Error).message}`, { cause: e, file, key: 'sign.err.sealNotPng', params: { file, detail: (e as Error).message } });
  }
}
