import { promises as fsp } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InputRejectedError } from '../../errors.js';
import type { OcrWord } from '../../ports/ocr-engine.js';
import { checkPdfImageSizes } from './pdf-limits.js';
import { mergeIntoLines, signatureWidgetWords } from './pdf-widgets.js';

const require = createRequire(import.meta.url);
const PDFJS_DIR = path.dirname(require.resolve('pdfjs-dist/package.json'));

interface CanvasEntry {
  canvas: unknown;
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
interface CanvasFactory {
  create(width: number, height: number): CanvasEntry;
  destroy(entry: CanvasEntry): void;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** A rendered PDF page: raw RGBA pixels at the page's native image resolution. */
export interface RenderedPdfPage {
  rgba: Buffer;
  width: number;
  height: number;
  dpi: number;
  /** Words of the page's own text layer (and of its signature fields' appearances), in pixels of the rendered image; empty for image-only pages. */
  textWords: OcrWord[];
}

export interface PdfSource {
  numPages: number;
  render(pageNo: number): Promise<RenderedPdfPage>;
  close(): Promise<void>;
}

const DEFAULT_DPI = 300;
const MAX_DPI = 600;

/** Opens a PDF read-only with pdfjs (no eval, no network, no system fonts). Encrypted PDFs are rejected. */
export async function openPdf(file: string, limitInputPixels: number): Promise<PdfSource> {
  const data = new Uint8Array(await fsp.readFile(file));
  // An /Encrypt entry in the trailer means encrypted, even when no user password is needed to open it.
  if (Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes('/Encrypt')) throw encrypted(file);
  // Pixel bombs: dimensions from the image dictionaries, before any decoding.
  checkPdfImageSizes(data, file, limitInputPixels);
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: path.join(PDFJS_DIR, 'standard_fonts') + path.sep,
    cMapUrl: path.join(PDFJS_DIR, 'cmaps') + path.sep,
    cMapPacked: true,
    verbosity: 0,
    // Second line of defence against pixel bombs the dictionary scan missed (e.g. indirect /Width).
    maxImageSize: limitInputPixels,
    canvasMaxAreaInBytes: limitInputPixels * 4,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'PasswordException') throw encrypted(file);
    throw new InputRejectedError('corrupt', `Expected a readable PDF in ${file}, got: ${(err as Error).message}`, {
      file,
      cause: err,
      hint: 'The PDF is damaged or truncated; export or scan it again.',
      key: 'ocr.badPdf',
      params: { file, detail: (err as Error).message },
      hintKey: 'ocr.badPdfHint',
    });
  }
  return {
    numPages: doc.numPages,
    async render(pageNo) {
      const page = await doc.getPage(pageNo);
      try {
        const base = page.getViewport({ scale: 1 });
        const dpi = await nativeDpi(lib, page, base.width);
        const viewport = page.getViewport({ scale: dpi / 72 });
        const width = Math.round(viewport.width);
        const height = Math.round(viewport.height);
        if (width * height > limitInputPixels) {
          throw new InputRejectedError('too-large', `Expected a page of at most ${limitInputPixels} pixels in ${file}, page ${pageNo} would be ${width}×${height}`, {
            file,
            key: 'ocr.pdfPageTooLarge',
            params: { limit: limitInputPixels, file, page: pageNo, width, height },
          });
        }
        // pdfjs's own canvas factory: it may bundle its own copy of @napi-rs/canvas, and mixing
        // objects of two copies (our canvas, its Path2D) fails or crashes.
        const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
        const entry = factory.create(width, height);
        await page.render({ canvasContext: entry.context as never, canvas: entry.canvas as never, viewport }).promise;
        const img = entry.context.getImageData(0, 0, width, height).data;
        factory.destroy(entry);
        const textWords = mergeIntoLines(await textLayerWords(page, viewport), await signatureWidgetWords(lib, page, viewport));
        return { rgba: Buffer.from(img.buffer, img.byteOffset, img.byteLength), width, height, dpi, textWords };
      } finally {
        page.cleanup();
      }
    },
    async close() {
      await doc.destroy();
    },
  };
}

function encrypted(file: string): InputRejectedError {
  return new InputRejectedError('encrypted', `Expected an unencrypted PDF in ${file}, got an encrypted one`, {
    file,
    hint: 'Remove the password or encryption (e.g. qpdf --decrypt) and put the decrypted copy in the inbox.',
    key: 'reject.encrypted',
    params: { file },
    hintKey: 'reject.encryptedHint',
  });
}

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>;

/** The resolution of the largest image painted on the page, assuming a scan fills the page width. */
async function nativeDpi(lib: PdfJs, page: PdfPage, widthPt: number): Promise<number> {
  const ops = await page.getOperatorList();
  let best = 0;
  for (let i = 0; i < ops.fnArray.length; i++) {
    if (ops.fnArray[i] !== lib.OPS.paintImageXObject) continue;
    const id = (ops.argsArray[i] as unknown[])[0] as string;
    const store = id.startsWith('g_') ? page.commonObjs : page.objs;
    try {
      const img = store.has(id) ? (store.get(id) as { width?: number }) : undefined;
      if (img?.width) best = Math.max(best, img.width);
    } catch {
      // not resolved: ignore this image
    }
  }
  if (!best) return DEFAULT_DPI;
  const dpi = Math.round((best / widthPt) * 72);
  return Math.min(MAX_DPI, Math.max(72, dpi));
}

/** The page's own text as words with pixel boxes, lines in content order. */
async function textLayerWords(page: PdfPage, viewport: { scale: number; convertToViewportPoint(x: number, y: number): number[] }): Promise<OcrWord[]> {
  const content = await page.getTextContent();
  const words: OcrWord[] = [];
  let line = 0;
  let lastY: number | undefined;
  for (const item of content.items) {
    if (!('str' in item) || !item.str.trim()) {
      if ('hasEOL' in item && item.hasEOL) lastY = undefined;
      continue;
    }
    const [x, y] = viewport.convertToViewportPoint(item.transform[4], item.transform[5]) as [number, number];
    const h = Math.max(1, Math.abs(item.transform[3] ?? item.height) * viewport.scale);
    const w = item.width * viewport.scale;
    if (lastY !== undefined && Math.abs(y - lastY) > h / 2) line += 1;
    lastY = y;
    const str = item.str;
    let offset = 0;
    for (const part of str.split(/(\s+)/)) {
      const x0 = x + (w * offset) / str.length;
      offset += part.length;
      if (!part.trim()) continue;
      const x1 = x + (w * offset) / str.length;
      words.push({ text: part.normalize('NFC'), bbox: { x0: Math.round(x0), y0: Math.round(y - h), x1: Math.round(x1), y1: Math.round(y) }, confidence: 100, line });
    }
    if (item.hasEOL) {
      line += 1;
      lastY = undefined;
    }
  }
  return words;
}
