import type { PageOcr, TextLayerUse } from '../../ports/ocr-engine.js';

export type ColourMode = 'rgb' | 'grey' | 'bilevel';

/** One page ready for OCR and the PDF: files under `<workDir>/pages/`. */
export interface PreparedPage {
  /** 1-based, across all input files of the document. */
  pageNo: number;
  /** The page image that goes into the PDF (JPEG for colour and grey, 1-bit PNG for bilevel). */
  imagePath: string;
  imageFormat: 'jpeg' | 'png';
  /** What OCR reads: a normalised grey PNG copy. */
  ocrImagePath: string;
  colour: ColourMode;
  width: number;
  height: number;
  dpi: number;
  /** metadata: from the file; pdf: from the image size versus the PDF page size; assumed: A4 from pixel size. */
  dpiSource: 'metadata' | 'pdf' | 'assumed';
  /** Quarter turn applied (EXIF or OSD), degrees clockwise. */
  rotation: number;
  /** Skew corrected, degrees clockwise as scanned. */
  skew: number;
  blank: boolean;
  lowDpi: boolean;
  source: { file: string; page: number };
  /** Text taken from a PDF's own text layer; OCR is skipped for this page unless forced. */
  textLayer?: PageOcr;
  /** A text layer the page has but that was set aside (implausible, or OCR forced): OCR reads the page. */
  textLayerSetAside?: TextLayerUse;
}

export interface PreprocessOptions {
  /** Pages under this resolution are low-dpi (default 200, Decree 30/2020). */
  minDpi?: number;
  /** Reject a document with a low-dpi page (default true); false only flags it. */
  rejectLowDpi?: boolean;
  /** OCR even pages of PDFs that have a text layer. */
  forceOcr?: boolean;
  /** sharp's pixel-bomb guard, per page (default 150 megapixels: A3 at 600 dpi fits). */
  limitInputPixels?: number;
  signal?: AbortSignal;
  /** Called with each page once it is written and accepted, e.g. to start its OCR at once. */
  onPrepared?: (page: PreparedPage) => void;
}
