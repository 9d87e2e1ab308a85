import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOcrEngine } from '../../src/adapters/tesseract/engine.js';
import { NativeTesseract } from '../../src/adapters/tesseract/native.js';
import { ocrPage } from '../../src/stages/ocr/index.js';
import { preprocessDocument } from '../../src/stages/preprocess/index.js';
import { cer } from '../fixtures-gen/cer.js';
import { degradationCorpus } from '../fixtures-gen/corpus.js';
import { requireTool, tempDir } from '../helpers/cli.js';

const haveTesseract = requireTool('tesseract');

describe.skipIf(!haveTesseract)('ocr.engine "native": the tesseract command line with the npm models', () => {
  it('reads a grainy page and a page scanned 90° counter-clockwise (turned upright by OSD), with word confidences', async () => {
    const engine = await createOcrEngine({ engine: 'native', lang: 'vie+eng', recycleAfter: 100, psm: 3 }, 2);
    const pages = [...(await degradationCorpus('tune', { classes: ['grain'] })).slice(0, 1), ...(await degradationCorpus('tune', { classes: ['turn'] })).slice(2, 3)];
    expect(pages.map((p) => p.id)).toEqual(['tune-grain-1', 'tune-turn-3']);
    try {
      for (const p of pages) {
        const [prepared] = await preprocessDocument([p.file], path.join(tempDir(), p.id));
        const { page, ocr } = await ocrPage(engine, prepared!);
        const c = Math.min(cer(ocr.text, p.truth), cer(ocr.text, p.truthRows));
        expect(c).toBeLessThan(0.01);
        expect(ocr.confidence).toBeGreaterThan(85);
        expect(ocr.words.length).toBeGreaterThan(100);
        expect(page.rotation).toBe(p.cls === 'turn' ? 90 : 0);
      }
    } finally {
      await engine.terminate();
    }
  }, 600_000);
});

describe.skipIf(!haveTesseract)('ocr.engine "native": pages waiting for a process share one', () => {
  it('reads pages queued together in one tesseract process, each as it reads alone', async () => {
    const engine = new NativeTesseract({ size: 1, batch: 4 });
    const [grain] = await degradationCorpus('tune', { classes: ['grain'] });
    const [prepared] = await preprocessDocument([grain!.file], path.join(tempDir(), 'batch'));
    const alone = await engine.recognize(prepared!.ocrImagePath, 1);
    // One slot: the first page starts alone, the next three wait and go in one process.
    const together = await Promise.all([1, 2, 3, 4].map((n) => engine.recognize(prepared!.ocrImagePath, n)));
    expect(engine.batchedPages).toBe(3);
    for (const [i, r] of together.entries()) {
      expect(r.pageNo).toBe(i + 1);
      expect(r.text).toBe(alone.text);
      expect(r.words).toEqual(alone.words);
    }
  }, 600_000);
});
