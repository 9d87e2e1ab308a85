import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ClassifyOptions } from '../../stages/classify/classifier.js';
import { readFirstPage } from '../../stages/classify/first-page.js';
import { findNumberLine } from '../../stages/classify/notation.js';
import { pageEvidence } from '../../stages/classify/page-evidence.js';
import { readSigners } from '../../stages/classify/signers.js';
import { readPdfText, type DocumentText } from '../../stages/classify/text-of.js';
import type { ImageOcr } from './classify-ocr.js';

/**
 * A PDF for `sohoa classify`: page 1 read by position from its text layer when that layer is
 * plausible Vietnamese, else by OCR; OCR as well when the layer shows the number or the day
 * blank (stamped or written in after printing); the signatures and the file name as evidence.
 * A scanned PDF is classified from page 1 (where type and metadata are printed).
 */
export async function classifyPdfInput(file: string, ocr: ImageOcr): Promise<{ doc: DocumentText; opts: ClassifyOptions }> {
  const bytes = await fsp.readFile(file);
  const layerOnly = await readFirstPage(file, '');
  let ev = pageEvidence(layerOnly);
  const layerLines = ev.readings.find((r) => r.source === 'text-layer')?.lines.map((l) => l.text) ?? [];
  const blankNumber = ev.used === 'text-layer' && findNumberLine(layerLines)?.number === undefined;
  const blankDay = ev.used === 'text-layer' && /ng[àa]y\s+th[áa]ng/i.test(layerLines.slice(0, 20).join('\n'));
  if (!ev.textLayer.use || blankNumber || blankDay) {
    const work = ocr.scratchFor();
    try {
      ev = pageEvidence(await readFirstPage(file, work, await ocr.engine()));
    } finally {
      await fsp.rm(work, { recursive: true, force: true });
    }
  }
  let doc: DocumentText;
  if (ev.used === 'text-layer') {
    const full = await readPdfText(file);
    // Page 1 in reading order (two-column header untangled), the rest as the layer gives it.
    const pageTexts = [ev.text, ...full.pageTexts.slice(1)];
    doc = { text: pageTexts.join('\f'), pageTexts, pages: full.pages, source: 'pdf-text' };
  } else doc = { text: ev.text, pageTexts: [ev.text], pages: layerOnly.pages, source: 'ocr' };
  const signers = await readSigners(bytes);
  return {
    doc,
    opts: {
      pageTexts: doc.pageTexts,
      pages: doc.pages,
      textSource: ev.used,
      evidence: { readings: ev.readings, fileName: path.basename(file), signers, stampText: ev.stampText },
      textLayer: ev.textLayer.use ? 'used' : ev.textLayer.reason === 'empty' ? 'none' : `rejected: ${ev.textLayer.reason}`,
    },
  };
}
