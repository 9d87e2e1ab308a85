import type { Reading } from './document-metadata.js';
import type { FirstPageReading } from './first-page.js';
import { readPage } from './reading.js';
import { judgeTextLayer, type TextLayerVerdict } from './text-layer.js';

/**
 * Chooses what page 1 is read from: the PDF's own text layer when it is plausible Vietnamese
 * and agrees with OCR, and OCR otherwise (or as well: a born-digital copy often has its number
 * and day stamped in as an image, which only OCR sees). Records which was used and why.
 */
export interface PageEvidence {
  readings: Reading[];
  /** Page 1 text in reading order, from the most trusted reading. */
  text: string;
  used: 'text-layer' | 'ocr';
  textLayer: TextLayerVerdict;
  /** All text seen on page 1 (a rejected layer included): where a signature stamp may be found. */
  stampText: string;
}

export function pageEvidence(page: FirstPageReading): PageEvidence {
  const layerLines = readPage(page.textLayerWords, page.width);
  const ocrLines = page.ocr ? readPage(page.ocr.words, page.width) : [];
  const layerText = layerLines.map((l) => l.text).join('\n');
  const ocrText = ocrLines.map((l) => l.text).join('\n');
  const verdict = judgeTextLayer(layerText, page.ocr ? ocrText : undefined);
  const readings: Reading[] = [];
  if (verdict.use) readings.push({ source: 'text-layer', lines: layerLines });
  if (ocrLines.length) readings.push({ source: 'ocr', lines: ocrLines });
  const used = verdict.use ? 'text-layer' : 'ocr';
  return { readings, text: used === 'text-layer' ? layerText : ocrText, used, textLayer: verdict, stampText: `${layerText}\n${ocrText}` };
}
