import path from 'node:path';
import { InterruptedError } from '../../errors.js';
import type { PageRecord } from '../../ports/document-store.js';
import type { OcrEngine, PageOcr } from '../../ports/ocr-engine.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { PreparedPage } from '../preprocess/types.js';
import { fixOrientation, needsOrientationCheck } from './orientation.js';
import { inReadingOrder } from './reading-order.js';

export { digitizeDocument, type DigitizeOptions, type DigitizedDocument } from './document.js';
export { OSD_BELOW_CONFIDENCE } from './orientation.js';
export { digitizeCatalogDocument, type CatalogStepResult } from './catalog-step.js';

export interface OcrOptions {
  /** Run OSD on low-confidence pages and turn them (default true). */
  orientation?: boolean;
  signal?: AbortSignal;
  /** Called after each page, for progress. */
  onPage?: (ocr: PageOcr) => void;
}

export interface OcrDocumentResult {
  /** Pages as they are now (a page turned by OSD has new size and rotation). */
  pages: PreparedPage[];
  ocr: PageOcr[];
}

/** `pages/page-0001.json`: the words, text and confidence of a page, beside its image. */
export function wordsPathFor(page: PreparedPage): string {
  return path.join(path.dirname(page.imagePath), `page-${String(page.pageNo).padStart(4, '0')}.json`);
}

/**
 * OCRs every page of a document on the engine (all pages queued at once; the pool bounds
 * the parallelism), and writes each page's words to `pages/page-NNNN.json`. Blank pages and
 * pages with a PDF text layer are not OCRed. An InputRejectedError from the engine (a
 * worker failed on a page) rejects the document; the engine has already replaced the worker.
 */
export async function ocrDocument(engine: OcrEngine, pages: PreparedPage[], opts: OcrOptions = {}): Promise<OcrDocumentResult> {
  const results = await Promise.all(pages.map((page) => ocrPage(engine, page, opts)));
  return { pages: results.map((r) => r.page), ocr: results.map((r) => r.ocr) };
}

/** One page: its text layer, nothing for a blank page, or OCR (plus OSD when it reads badly); words to JSON. */
export async function ocrPage(engine: OcrEngine, page: PreparedPage, opts: OcrOptions = {}): Promise<{ page: PreparedPage; ocr: PageOcr }> {
  if (opts.signal?.aborted) throw new InterruptedError();
  let current = page;
  let ocr: PageOcr;
  if (page.textLayer) ocr = page.textLayer;
  else if (page.blank) ocr = { pageNo: page.pageNo, text: '', confidence: 0, words: [], source: 'blank', durationMs: 0 };
  else {
    ocr = await engine.recognize(page.ocrImagePath, page.pageNo);
    if (opts.orientation !== false && needsOrientationCheck(ocr)) ({ page: current, ocr } = await fixOrientation(engine, page, ocr));
    ocr = inReadingOrder(ocr);
    if (page.textLayerSetAside) ocr = { ...ocr, textLayer: page.textLayerSetAside };
  }
  await writeFileAtomic(wordsPathFor(current), JSON.stringify(ocr));
  opts.onPage?.(ocr);
  return { page: current, ocr };
}

/** Catalog rows for a document's pages: text and confidence (`pages`), OCR words with their confidences (`page_words`). */
export function pageRecords(pages: PreparedPage[], ocr: PageOcr[]): PageRecord[] {
  return pages.map((p, i) => ({
    pageNo: p.pageNo,
    width: p.width,
    height: p.height,
    dpi: p.dpi,
    rotation: p.rotation,
    skew: p.skew,
    blank: p.blank,
    lowDpi: p.lowDpi,
    text: ocr[i]?.text ?? '',
    confidence: ocr[i]?.confidence ?? 0,
    wordsPath: wordsPathFor(p),
    words: ocr[i]?.source === 'ocr' ? ocr[i]!.words : undefined,
  }));
}
