import type { OcrWord } from '../../ports/ocr-engine.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>;
type Matrix = [number, number, number, number, number, number];
interface Viewport {
  convertToViewportPoint(x: number, y: number): number[];
  scale: number;
}

const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const matrix = (a: unknown): Matrix => Array.from({ length: 6 }, (_, i) => Number((a as Record<number, number>)[i] ?? 0)) as Matrix;
const ID: Matrix = [1, 0, 0, 1, 0, 0];

/**
 * Text drawn in the appearance of the page's signature fields, as words in pixels of the
 * rendered page. Vietnamese e-office systems stamp the document's number and day into the
 * clerk's signature field ("Số: 329 /BC-UBND", "ngày 19 tháng 12"): it shows on the page, but
 * pdf.js leaves annotations out of the text layer, so without this the layer shows a blank where
 * the number is, and only OCR reads it. The glyphs come from pdf.js's operator list
 * (its Unicode mapping), positioned by the text and annotation matrices.
 */
export async function signatureWidgetWords(lib: PdfJs, page: PdfPage, viewport: Viewport): Promise<OcrWord[]> {
  const annotations = (await page.getAnnotations()) as Array<{ id: string; subtype?: string; fieldType?: string }>;
  const signatures = new Set(annotations.filter((a) => a.subtype === 'Widget' && a.fieldType === 'Sig').map((a) => a.id));
  if (signatures.size === 0) return [];
  const ops = await page.getOperatorList({ annotationMode: lib.AnnotationMode.ENABLE });
  const { OPS } = lib;
  const words: OcrWord[] = [];
  let inside: Matrix | undefined;
  let ctm = ID;
  const stack: Matrix[] = [];
  let tm = ID;
  let lineStart = ID;
  let fontSize = 12;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.beginAnnotation) {
      inside = signatures.has(args[0] as string) ? matrix(args[2]) : undefined;
      [ctm, tm, lineStart] = [ID, ID, ID];
      stack.length = 0;
    } else if (fn === OPS.endAnnotation) inside = undefined;
    else if (!inside) continue;
    else if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ID;
    else if (fn === OPS.transform) ctm = mul(ctm, matrix(args));
    else if (fn === OPS.beginText) [tm, lineStart] = [ID, ID];
    else if (fn === OPS.setFont) fontSize = Math.abs(Number(args[1])) || fontSize;
    else if (fn === OPS.setTextMatrix) [tm, lineStart] = [matrix(args[0] ?? args), matrix(args[0] ?? args)];
    else if (fn === OPS.moveText) tm = lineStart = mul(lineStart, [1, 0, 0, 1, Number(args[0]), Number(args[1])]);
    else if (fn === OPS.showText) {
      const glyphs = (args[0] as Array<number | { unicode?: string; width?: number } | null>) ?? [];
      let text = '';
      let advance = 0;
      for (const g of glyphs) {
        if (typeof g === 'number') advance -= (g * fontSize) / 1000;
        else if (g) {
          text += g.unicode ?? '';
          advance += ((g.width ?? 500) * fontSize) / 1000;
        }
      }
      const toPage = mul(inside, mul(ctm, tm));
      const [x0, y0] = viewport.convertToViewportPoint(toPage[4], toPage[5]) as [number, number];
      const end = mul(toPage, [1, 0, 0, 1, advance, fontSize]);
      const [x1, y1] = viewport.convertToViewportPoint(end[4], end[5]) as [number, number];
      tm = mul(tm, [1, 0, 0, 1, advance, 0]);
      for (const part of text.split(/\s+/).filter(Boolean)) {
        // One word per run is enough for reading: glyph runs in these fields are a number or a day.
        words.push({ text: part.normalize('NFC'), bbox: { x0: Math.round(Math.min(x0, x1)), y0: Math.round(Math.min(y0, y1)), x1: Math.round(Math.max(x0, x1)), y1: Math.round(Math.max(y0, y1)) }, confidence: 100, line: -1 });
      }
    }
  }
  return words;
}

/**
 * The text layer's words with the fields' words put into the line they sit on, before the
 * first word to their right (a new line at the end when none is level with them).
 */
export function mergeIntoLines(layer: OcrWord[], extra: OcrWord[]): OcrWord[] {
  const out = [...layer];
  let nextLine = Math.max(-1, ...layer.map((w) => w.line ?? 0)) + 1;
  for (const w of extra) {
    const cy = (w.bbox.y0 + w.bbox.y1) / 2;
    const level = out.filter((o) => Math.abs((o.bbox.y0 + o.bbox.y1) / 2 - cy) < Math.max(4, (o.bbox.y1 - o.bbox.y0) / 2));
    if (level.length === 0) {
      out.push({ ...w, line: nextLine++ });
      continue;
    }
    const line = level[0]!.line;
    const right = out.findIndex((o) => o.line === line && o.bbox.x0 > w.bbox.x0);
    const last = out.map((o) => o.line).lastIndexOf(line);
    out.splice(right >= 0 ? right : last + 1, 0, { ...w, line });
  }
  return out;
}
