import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OcrEngine } from '../src/ports/ocr-engine.js';
import type { createClassifier } from '../src/stages/classify/classifier.js';
import { readPage } from '../src/stages/classify/reading.js';
import { preparePage } from '../src/stages/preprocess/page.js';
import { handwrittenNumberPage } from '../test/fixtures-gen/handwritten-number.js';

/**
 * Rendered pages whose number is written by hand over the "/" (test/fixtures-gen/
 * handwritten-number.ts), on the held-out texts, through preprocessing and real OCR: how often
 * the printed notation is still read, and that the handwritten number never gets a confident value.
 */
export async function handwrittenNumbers(classifier: ReturnType<typeof createClassifier>, engine: OcrEngine, pages = 12): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-handwritten-'));
  let notation = 0;
  let confidentNumber = 0;
  let confidentWrong = 0;
  try {
    for (let n = 0; n < pages; n++) {
      const page = handwrittenNumberPage('holdout', n);
      const pagesDir = mkdirSync(path.join(dir, String(n)), { recursive: true })!;
      const prepared = await preparePage(
        { type: 'raw', file: `handwritten-${n}.png`, page: 1, rgba: page.rgba, width: page.width, height: page.height, dpi: page.dpi },
        { pageNo: 1, pagesDir, minDpi: 0, limitInputPixels: 1e9 },
      );
      const ocr = await engine.recognize(prepared.ocrImagePath, 1);
      const lines = readPage(ocr.words, prepared.width);
      const m = classifier.classify(lines.map((l) => l.text).join('\n'), { evidence: { readings: [{ source: 'ocr', lines }] } }).metadata;
      if (m.codeNotation?.value === page.notation) notation++;
      if (m.codeNotation && m.codeNotation.value !== page.notation && m.codeNotation.confidence >= 0.9) confidentWrong++;
      if (m.codeNumber && m.codeNumber.confidence >= 0.9) {
        confidentNumber++;
        if (m.codeNumber.value !== page.number) confidentWrong++;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n== synthetic handwritten-number pages (held-out texts, real OCR): ${pages} pages`);
  console.log(`  notation read ${((notation / pages) * 100).toFixed(1)}% (${notation}/${pages}); handwritten numbers given ≥ 0.9: ${confidentNumber}; wrong values at ≥ 0.9: ${confidentWrong}`);
}
