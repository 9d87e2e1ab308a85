/** Word box in pixels of the page image, origin top-left. */
export interface BBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  bbox: BBox;
  /** 0–100. */
  confidence: number;
  /** Index of the text line the word belongs to, in reading order. */
  line: number;
}

/** OCR result of one page. Words are in reading order (block, paragraph, line, word). */
export interface PageOcr {
  pageNo: number;
  text: string;
  /** Mean word confidence, 0–100 (100 for a text layer taken from a PDF). */
  confidence: number;
  words: OcrWord[];
  /** Where the text came from. */
  source: 'ocr' | 'text-layer' | 'blank';
  /**
   * A page of a PDF that has its own text layer: whether that layer was used and, when it was
   * set aside for OCR, why ("no-diacritics", "stamp-only", "forced", …) and what it said.
   */
  textLayer?: TextLayerUse;
  durationMs: number;
}

export interface TextLayerUse {
  used: boolean;
  reason?: string;
  /** The rejected layer's text: an e-signed scan's layer may hold only the signature stamp. */
  text?: string;
}

export interface Orientation {
  /** Clockwise rotation to apply to make the page upright: 0, 90, 180 or 270. */
  rotate: 0 | 90 | 180 | 270;
  confidence: number;
}

/** An OCR engine: a pool of workers. Images are encoded files (path or bytes) or PNG/JPEG/TIFF buffers. */
export interface OcrEngine {
  /** Number of pages it recognises in parallel. */
  readonly size: number;
  /** Rejects with an InputRejectedError (reason `ocr-failed`) when a worker fails on the page; the pool replaces it. */
  recognize(image: string | Buffer, pageNo: number): Promise<PageOcr>;
  /** Orientation and script detection; undefined when the page has too little text to tell. */
  detectOrientation(image: string | Buffer): Promise<Orientation | undefined>;
  terminate(): Promise<void>;
}
