import { spawnSync } from 'node:child_process';
import { ConfigError } from '../../errors.js';
import type { OcrEngine } from '../../ports/ocr-engine.js';
import { NativeTesseract } from './native.js';
import { TesseractPool } from './pool.js';

export interface OcrEngineConfig {
  engine: 'tesseract.js' | 'native';
  lang: string;
  recycleAfter: number;
  psm: number;
}

/** The OCR engine chosen in config (`ocr.engine`): tesseract.js workers (default) or native tesseract. */
export async function createOcrEngine(cfg: OcrEngineConfig, size: number): Promise<OcrEngine> {
  // Benches and the multi-worker tests measure coordination, not OCR (see ./noop.ts).
  if (process.env.SOHOA_BENCH_OCR === 'noop') return new (await import('./noop.js')).NoopOcrEngine(size);
  if (cfg.engine === 'native') {
    const probe = spawnSync('tesseract', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      throw new ConfigError('Expected the tesseract command for ocr.engine "native", but it is not installed', {
        hint: 'Install tesseract-ocr (apt-get install tesseract-ocr), or set ocr.engine to "tesseract.js".',
        key: 'ocr.noTesseract',
        hintKey: 'ocr.noTesseractHint',
      });
    }
    return new NativeTesseract({ size, lang: cfg.lang, psm: cfg.psm });
  }
  return TesseractPool.create({ size, lang: cfg.lang, recycleAfter: cfg.recycleAfter, psm: cfg.psm });
}
