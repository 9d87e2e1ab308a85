import { promises as fsp } from 'node:fs';
import type { PageOcr } from '../../ports/ocr-engine.js';
import type { ClassifyOptions } from './classifier.js';
import type { Reading } from './document-metadata.js';
import { readPage } from './reading.js';
import { judgeTextLayer } from './text-layer.js';

/**
 * Classification evidence for a catalog document in the pipeline: page 1's words (the
 * `pages/page-0001.json` the OCR stage wrote) read by position, and the input's file name.
 * A page whose text came from a PDF text layer that is not plausible Vietnamese is read as
 * OCR-grade (no value above 0.85) and marked, since the pipeline did not OCR it.
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
  let source: Reading['source'] = page.source === 'text-layer' ? 'text-layer' : 'ocr';
  if (source === 'text-layer') {
    const verdict = judgeTextLayer(lines.map((l) => l.text).join('\n'));
    out.textLayer = verdict.use ? 'used' : `implausible: ${verdict.reason}`;
    if (!verdict.use) source = 'ocr';
  }
  out.textSource = source;
  out.evidence = { ...out.evidence, readings: [{ source, lines }] };
  return out;
}
