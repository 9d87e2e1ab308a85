import type { OcrWord } from './ocr-engine.js';
import type { DocumentPart, DocumentStatus, Stage } from '../domain/document-state.js';

/**
 * `registered`: part of a document; `rejected`: bad input. `duplicate` was set by catalogs before
 * migration 7 (which turned those rows back into `registered`): identical bytes are never set aside now.
 */
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
  /** 1 for the first content seen at this document's path(s); +1 each time it changed after ingest. */
  version?: number;
  /** The document's previous version, when its content changed after ingest. */
  previousId?: number | null;
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
  version?: number;
  previousId?: number | null;
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
  /** An input at another path with the same bytes, if any (reported as shared, never dropped). */
  inputWithSha(sha256: string, otherThanPath: string): InputRecord | undefined;
  markInputRegistered(id: number): void;
  /** The newest version of the document named `name` in a dossier's part. */
  latestVersion(dossierCode: string, part: string, name: string): DocumentRecord | undefined;
  /** The document's inputs (with their SHA-256 from ingest), in page order. */
  inputsOf(documentId: number): InputRecord[];
  /** `sohoa documents retry|skip`: back to pending (resuming its stage), or set aside. */
  setStatus(id: number, status: 'pending' | 'skipped', reason: string | null, message: string | null): void;
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
