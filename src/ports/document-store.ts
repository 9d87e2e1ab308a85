import type { OcrWord } from './ocr-engine.js';
import type { DocumentPart, DocumentStatus, Stage } from '../domain/document-state.js';

/** `registered`: part of a document; `duplicate`: same content as an earlier input; `rejected`: bad input. */
export type InputStatus = 'registered' | 'duplicate' | 'rejected';

export interface InputRecord {
  id: number;
  path: string;
  sha256: string;
  size: number;
  mtimeMs: number | null;
  status: InputStatus;
  reason: string | null;
  message: string | null;
  duplicateOf: number | null;
  documentId: number | null;
  seenAt: string;
}

export type NewInput = Pick<InputRecord, 'path' | 'sha256' | 'size' | 'mtimeMs' | 'status'> &
  Partial<Pick<InputRecord, 'reason' | 'message' | 'duplicateOf'>>;

export interface DocumentRecord {
  id: number;
  uid: string;
  dossierCode: string | null;
  unitCode: string | null;
  part: DocumentPart | null;
  name: string;
  stage: Stage;
  status: DocumentStatus;
  reason: string | null;
  message: string | null;
  pageCount: number | null;
  workDir: string | null;
  pdfSha256: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewDocument {
  uid: string;
  dossierCode: string | null;
  unitCode: string | null;
  part: DocumentPart | null;
  name: string;
  status?: DocumentStatus;
  reason?: string;
  message?: string;
}

export interface PageRecord {
  pageNo: number;
  width: number;
  height: number;
  dpi: number;
  rotation: number;
  skew: number;
  blank: boolean;
  lowDpi: boolean;
  text: string;
  confidence: number;
  wordsPath: string | null;
  /** OCR words with confidence and box, in reading order; saved to the catalog when given. */
  words?: OcrWord[];
}

/** Fields a stage may set when it completes. */
export interface StageUpdate {
  pageCount?: number;
  workDir?: string;
  pdfSha256?: string;
}

/** Inputs, documents and pages (tables of migration 0002). */
export interface DocumentStore {
  inputByPathAndSha(path: string, sha256: string): InputRecord | undefined;
  /** The first registered input with this content, if any. */
  inputBySha(sha256: string): InputRecord | undefined;
  addInput(input: NewInput): number;
  /** Creates a document over inputs (page order = array order) and links them. */
  createDocument(doc: NewDocument, inputIds: number[]): DocumentRecord;
  get(id: number): DocumentRecord | undefined;
  byUid(uid: string): DocumentRecord | undefined;
  /** Paths of the document's input files, in page order. */
  inputFiles(documentId: number): string[];
  /** Pending documents, optionally only those whose last completed stage is `stage`. */
  pending(stage?: Stage): DocumentRecord[];
  /** Records that `stage` completed (its files are durable). */
  advance(id: number, stage: Stage, update?: StageUpdate): void;
  /** Rejects a document and its inputs with a reason (e.g. `low-dpi`, `ocr-failed`). */
  reject(id: number, reason: string, message: string): void;
  /** Replaces the page rows of a document. */
  savePages(documentId: number, pages: PageRecord[]): void;
  pages(documentId: number): PageRecord[];
  /** The OCR words of one page, in reading order, with their confidence (0–100). */
  pageWords(documentId: number, pageNo: number): OcrWord[];
  all(): DocumentRecord[];
  inputs(): InputRecord[];
}
