import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliContext } from '../context.js';
import type { TesseractPool } from '../../adapters/tesseract/pool.js';
import type { OcrEngine } from '../../ports/ocr-engine.js';
import type { DocumentText } from '../../stages/classify/text-of.js';

export interface ImageOcr {
  /** Text of an image or a scanned PDF, page by page, through the OCR stage. */
  textOf(file: string): Promise<DocumentText>;
  /** The OCR engine itself (started on first use), for reading page 1 of a PDF. */
  engine(): Promise<OcrEngine>;
  /** A scratch folder for one input's page images. */
  scratchFor(): string;
  /** Stops the workers (if any were started) and removes the scratch folder. */
  close(): Promise<void>;
}

/**
 * OCR for images and scanned PDFs given to `sohoa classify` or `classify train`. The
 * tesseract pool starts on the first image only, so classifying text costs nothing extra.
 * Nothing is written beside the input: pages go to a scratch folder under the temp dir.
 */
export function imageOcr(ctx: CliContext): ImageOcr {
  let pool: Promise<TesseractPool> | undefined;
  let n = 0;
  const scratch = path.join(os.tmpdir(), `sohoa-classify-${process.pid}-${randomBytes(4).toString('hex')}`);
  const start = async () => {
    const { TesseractPool: Pool } = await import('../../adapters/tesseract/pool.js');
    pool ??= Pool.create({ size: ctx.cpuConcurrency(), lang: ctx.config.ocr.lang, recycleAfter: ctx.config.ocr.recycleAfter });
    return pool;
  };
  return {
    engine: start,
    scratchFor: () => path.join(scratch, String(n++)),
    async textOf(file) {
      // Loaded on first use: tesseract.js, sharp and pdf.js cost start-up time for every command.
      const [{ TesseractPool: Pool }, { ocrDocument }, { preprocessDocument }] = await Promise.all([
        import('../../adapters/tesseract/pool.js'),
        import('../../stages/ocr/index.js'),
        import('../../stages/preprocess/index.js'),
      ]);
      pool ??= Pool.create({ size: ctx.cpuConcurrency(), lang: ctx.config.ocr.lang, recycleAfter: ctx.config.ocr.recycleAfter });
      const work = path.join(scratch, String(n++));
      try {
        // A low resolution page is still worth a guess at its type; the pipeline enforces 200 dpi.
        const prepared = await preprocessDocument([file], work, { minDpi: ctx.config.ocr.minDpi, rejectLowDpi: false, signal: ctx.signal });
        const { ocr } = await ocrDocument(await pool, prepared, { signal: ctx.signal });
        const pageTexts = ocr.map((o) => o.text);
        return { text: pageTexts.join('\f'), pageTexts, pages: pageTexts.length, source: 'ocr' };
      } finally {
        await fsp.rm(work, { recursive: true, force: true });
      }
    },
    async close() {
      if (pool) await (await pool).terminate();
      await fsp.rm(scratch, { recursive: true, force: true });
    },
  };
}
