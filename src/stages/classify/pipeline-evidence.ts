import { promises as fsp } from 'node:fs';
import type { PageOcr } from '../../ports/ocr-engine.js';
import type { ClassifyOptions } from './classifier.js';
import type { Reading } from './document-metadata.js';
import { readPage } from './reading.js';
import { judgeTextLayer } from './text-layer.js';

/**
 * Classification evidence for a catalog document in the pipeline: page 1's words (the
 * `pages/page-0001.json` the OCR stage wrote) read by position, and the input's file name.
 * Preprocessing trusts a PDF's own text layer only when it is plausible Vietnamese and OCRs the
 * page otherwise; which text was used, and why a layer was set aside, goes into the record.
 */
export async function pipelineEvidence(page1WordsPath: string | undefined, pageWidth: number, fileName?: string): Promise<Pick<ClassifyOptions, 'evidence' | 'textSource' | 'textLayer'>> {
  const out: Pick<ClassifyOptions, 'evidence' | 'textSource' | 'textLayer'> = { evidence: { ...(fileName ? { fileName } : {}) } };
  if (!page1WordsPath) return out;
  let page: PageOcr;
  try {
    page = JSON.parse(await fsp.readFile(page1WordsPath, 'utf8')) as PageOcr;
  } catch {
    return out; // no word boxes: the classifier reads the page text line by line
  }
  const lines = readPage(page.words, pageWidth);
  const text = lines.map((l) => l.text).join('\n');
  let source: Reading['source'] = page.source === 'text-layer' ? 'text-layer' : 'ocr';
  if (source === 'text-layer') {
    // Preprocessing judged the layer already; work files from before it did are judged here.
    const verdict = judgeTextLayer(text);
    out.textLayer = verdict.use ? 'used' : `implausible: ${verdict.reason}`;
    if (!verdict.use) source = 'ocr';
  } else if (page.textLayer && !page.textLayer.used) out.textLayer = `rejected: ${page.textLayer.reason ?? 'implausible'}`;
  else if (page.source === 'ocr') out.textLayer = 'none';
  out.textSource = source;
  // The stamp "Ký bởi … Thời gian ký …" may be in a rejected layer (an e-signed scan's) or in the OCR.
  const stampText = [page.textLayer?.text, text].filter(Boolean).join('\n');
  out.evidence = { ...out.evidence, readings: [{ source, lines }], stampText };
  return out;
}
