import path from 'node:path';
import type { OcrEngine } from '../../ports/ocr-engine.js';
import { buildSearchablePdf, type PdfMeta, type SearchablePdf } from '../pdf/index.js';
import { preprocessDocument } from '../preprocess/index.js';
import type { PreparedPage, PreprocessOptions } from '../preprocess/types.js';
import { ocrDocument, type OcrOptions } from './index.js';
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
  const prepared = await preprocessDocument(inputFiles, workDir, opts);
  const { pages, ocr } = await ocrDocument(engine, prepared, opts);
  const pdf = await buildSearchablePdf(
    pages,
    ocr,
    opts.outPdf ?? path.join(workDir, 'document.pdf'),
    opts.outTxt ?? path.join(workDir, 'document.txt'),
    opts.meta,
  );
  return { pages, ocr, pdf };
}
