import path from 'node:path';
import type { OcrEngine } from '../../ports/ocr-engine.js';
import { buildSearchablePdf, type PdfMeta, type SearchablePdf } from '../pdf/index.js';
import { preprocessDocument } from '../preprocess/index.js';
import type { PreparedPage, PreprocessOptions } from '../preprocess/types.js';
import { ocrPage, type OcrOptions } from './index.js';
import type { PageOcr } from '../../ports/ocr-engine.js';

export interface DigitizeOptions extends PreprocessOptions, Omit<OcrOptions, 'signal'> {
  meta?: PdfMeta;
}

export interface DigitizedDocument {
  pages: PreparedPage[];
  ocr: PageOcr[];
  pdf: SearchablePdf;
}

/**
 * Preprocess → OCR → searchable PDF for one document: what `sohoa ocr` does per input and
 * what the pipeline does per catalog document. Output defaults to `<workDir>/document.pdf|.txt`.
 */
export async function digitizeDocument(
  inputFiles: string[],
  workDir: string,
  engine: OcrEngine,
  opts: DigitizeOptions & { outPdf?: string; outTxt?: string } = {},
): Promise<DigitizedDocument> {
  // OCR starts on each page as soon as it is prepared, so preprocessing overlaps OCR.
  const inFlight: Array<Promise<{ page: PreparedPage; ocr: PageOcr }>> = [];
  try {
    await preprocessDocument(inputFiles, workDir, {
      ...opts,
      onPrepared: (page) => {
        const p = ocrPage(engine, page, opts);
        p.catch(() => undefined); // handled below; a failure must not be an unhandled rejection meanwhile
        inFlight.push(p);
      },
    });
  } catch (err) {
    await Promise.allSettled(inFlight); // let started pages finish; nothing left running or unhandled
    throw err;
  }
  const settled = await Promise.allSettled(inFlight);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const done = settled.map((r) => (r as PromiseFulfilledResult<{ page: PreparedPage; ocr: PageOcr }>).value);
  const pages = done.map((d) => d.page);
  const ocr = done.map((d) => d.ocr);
  const pdf = await buildSearchablePdf(
    pages,
    ocr,
    opts.outPdf ?? path.join(workDir, 'document.pdf'),
    opts.outTxt ?? path.join(workDir, 'document.txt'),
    opts.meta,
  );
  return { pages, ocr, pdf };
}
