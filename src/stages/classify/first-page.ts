import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { OcrEngine, OcrWord, PageOcr } from '../../ports/ocr-engine.js';
import { openPdf } from '../preprocess/pdf-source.js';
import { preparePage } from '../preprocess/page.js';
import { DEFAULT_LIMIT_INPUT_PIXELS } from '../preprocess/index.js';

/**
 * What classification reads of a PDF's first page: its own text layer (words with boxes, as
 * pdf.js gives them) and, when asked, an OCR of the rendered page. Metadata and type live on
 * page 1, so the rest of a 35-page report is never rendered.
 */
export interface FirstPageReading {
  pages: number;
  width: number;
  height: number;
  textLayerWords: OcrWord[];
  ocr?: PageOcr;
}

export async function readFirstPage(file: string, workDir: string, engine?: OcrEngine): Promise<FirstPageReading> {
  const pdf = await openPdf(file, DEFAULT_LIMIT_INPUT_PIXELS);
  try {
    const r = await pdf.render(1);
    const out: FirstPageReading = { pages: pdf.numPages, width: r.width, height: r.height, textLayerWords: r.textWords };
    if (engine) {
      const pagesDir = path.join(workDir, 'pages');
      await fsp.mkdir(pagesDir, { recursive: true });
      const page = await preparePage({ type: 'raw', file, page: 1, rgba: r.rgba, width: r.width, height: r.height, dpi: r.dpi }, { pageNo: 1, pagesDir, minDpi: 0, limitInputPixels: DEFAULT_LIMIT_INPUT_PIXELS });
      out.width = page.width;
      out.height = page.height;
      out.ocr = await engine.recognize(page.ocrImagePath, 1);
    }
    return out;
  } finally {
    await pdf.close();
  }
}
