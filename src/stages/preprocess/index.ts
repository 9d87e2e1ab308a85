import { promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { InputRejectedError, InterruptedError } from '../../errors.js';
import type { PageOcr } from '../../ports/ocr-engine.js';
import { judgeTextLayer } from '../classify/text-layer.js';
import { preparePage, type PageInput } from './page.js';
import { openPdf } from './pdf-source.js';
import { sniffFile } from './sniff.js';
import type { PreparedPage, PreprocessOptions } from './types.js';

export type { ColourMode, PreparedPage, PreprocessOptions } from './types.js';
export { sniffFile, kindFromMagic, type InputKind } from './sniff.js';

export const DEFAULT_LIMIT_INPUT_PIXELS = 150_000_000;

/** Pages of a text-layer PDF need at least this many characters to count as "has text". */
const MIN_TEXT_LAYER_CHARS = 20;

/**
 * Turns the input files of one document (in page order) into page images under
 * `<workDir>/pages/`, one page at a time so memory stays bounded for a 200-page TIFF.
 * Throws an InputRejectedError naming the file and reason for bad input.
 */
export async function preprocessDocument(inputFiles: string[], workDir: string, opts: PreprocessOptions = {}): Promise<PreparedPage[]> {
  const pagesDir = path.join(workDir, 'pages');
  await fsp.mkdir(pagesDir, { recursive: true });
  const minDpi = opts.minDpi ?? 200;
  const limitInputPixels = opts.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS;
  const pages: PreparedPage[] = [];
  const ctx = () => ({ pageNo: pages.length + 1, pagesDir, minDpi, limitInputPixels });
  const check = (p: PreparedPage) => {
    if (opts.signal?.aborted) throw new InterruptedError();
    if (p.lowDpi && opts.rejectLowDpi !== false) {
      throw new InputRejectedError('low-dpi', `Expected at least ${minDpi} dpi for ${p.source.file}, page ${p.source.page}, got ${Math.round(p.dpi)} dpi (${p.dpiSource})`, {
        file: p.source.file,
        hint: `Decree 30/2020 asks for ${minDpi} dpi or more: rescan at 300 dpi, or pass --min-dpi to accept it.`,
      });
    }
    pages.push(p);
    opts.onPrepared?.(p);
  };

  for (const file of inputFiles) {
    const kind = await sniffFile(file);
    if (kind === 'pdf') {
      const pdf = await openPdf(file, limitInputPixels);
      try {
        for (let n = 1; n <= pdf.numPages; n++) {
          const r = await pdf.render(n);
          const input: PageInput = { type: 'raw', file, page: n, rgba: r.rgba, width: r.width, height: r.height, dpi: r.dpi };
          const page = await preparePage(input, ctx());
          const chars = r.textWords.reduce((s, w) => s + w.text.length, 0);
          if (chars >= MIN_TEXT_LAYER_CHARS) useTextLayer(page, textLayerOcr(page.pageNo, r.textWords, page.skew), opts.forceOcr === true);
          check(page);
        }
      } finally {
        await pdf.close();
      }
      continue;
    }
    let count = 1;
    if (kind === 'tiff') {
      try {
        count = (await sharp(file, { limitInputPixels }).metadata()).pages ?? 1;
      } catch (err) {
        throw new InputRejectedError('corrupt', `Expected a readable TIFF in ${file}: ${(err as Error).message}`, { file, cause: err, hint: 'The file is truncated or damaged; rescan it.' });
      }
    }
    for (let n = 1; n <= count; n++) {
      check(await preparePage({ type: 'file', file, page: n, format: kind, multiPage: count > 1 }, ctx()));
    }
  }
  return pages;
}

/**
 * Trusts a PDF's own text layer only when it reads as Vietnamese: old scans carry layers made
 * by weak OCR (accents stripped, words garbled) and e-signed scans one with only the signature
 * stamp. Such a page is OCRed instead, and the page records which text was used and why.
 */
function useTextLayer(page: PreparedPage, layer: PageOcr, forceOcr: boolean): void {
  const verdict = forceOcr ? { use: false, reason: 'forced' } : judgeTextLayer(layer.text);
  if (verdict.use) page.textLayer = { ...layer, textLayer: { used: true } };
  else page.textLayerSetAside = { used: false, reason: verdict.reason, text: layer.text };
}

/** A PDF's own text, in the shape OCR produces. Boxes are pre-deskew; text layers are rarely skewed. */
function textLayerOcr(pageNo: number, words: PageOcr['words'], _skew: number): PageOcr {
  const lines: string[] = [];
  for (const w of words) lines[w.line] = lines[w.line] ? `${lines[w.line]} ${w.text}` : w.text;
  return { pageNo, text: lines.filter(Boolean).join('\n') + '\n', confidence: 100, words, source: 'text-layer', durationMs: 0 };
}
