import type { OcrEngine, PageOcr } from '../../ports/ocr-engine.js';

/**
 * An OCR engine that reads nothing and answers at once with the same confident text: for the
 * scale bench and the multi-worker tests (`SOHOA_BENCH_OCR=noop`), which measure coordination,
 * not OCR. Never chosen by config.
 */
export class NoopOcrEngine implements OcrEngine {
  constructor(readonly size: number) {}

  async recognize(_image: string | Buffer, pageNo: number): Promise<PageOcr> {
    const text = `ĐƠN ĐỀ NGHỊ\nKính gửi: Ủy ban nhân dân xã\nTrang ${pageNo}`;
    const words = text.split(/\s+/).map((w, i) => ({ text: w, confidence: 95, line: 0, bbox: { x0: 10 + i * 60, y0: 10, x1: 60 + i * 60, y1: 30 } }));
    return { pageNo, text, confidence: 95, words, source: 'ocr', durationMs: 0 };
  }

  async detectOrientation(): Promise<undefined> {
    return undefined;
  }

  async terminate(): Promise<void> {}
}
