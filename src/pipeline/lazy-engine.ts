import type { OcrEngine } from '../ports/ocr-engine.js';

/**
 * An OCR engine started on first use. A worker does not know whether OCR will be needed (work
 * arrives later, or a taken-over document has to be redone from OCR), and starting tesseract
 * workers costs seconds and memory.
 */
export function lazyOcrEngine(size: number, create: () => Promise<OcrEngine>): OcrEngine {
  let started: Promise<OcrEngine> | undefined;
  const engine = () => (started ??= create());
  return {
    size,
    recognize: async (image, pageNo) => (await engine()).recognize(image, pageNo),
    detectOrientation: async (image) => (await engine()).detectOrientation(image),
    terminate: async () => {
      if (started) await (await started.catch(() => undefined))?.terminate();
    },
  };
}
