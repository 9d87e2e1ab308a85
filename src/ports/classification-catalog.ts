/**
 * The catalog's record of document types: the machine's decision (type, confidence, top-3
 * alternatives, metadata) in the `documents` row, and human review decisions beside it.
 * A human decision always wins over the machine's, including on later re-runs.
 */

export interface TypeVote {
  type: string;
  confidence: number;
}

/** What the classifier decided (a Classification from src/stages/classify fits). */
export interface ClassificationInput {
  type: string;
  confidence: number;
  alternatives: TypeVote[];
  needsReview: boolean;
  metadata: unknown;
}

export interface ReviewDecision {
  documentId: number;
  type: string;
  /** What the machine had said when the person decided. */
  machineType: string | null;
  machineConfidence: number | null;
  reviewer: string | null;
  note: string | null;
  decidedAt: string;
}

export interface StoredClassification {
  documentId: number;
  uid: string;
  name: string;
  dossierCode: string | null;
  /** The effective type: the reviewer's when there is a review, else the machine's. */
  type: string | null;
  confidence: number | null;
  needsReview: boolean;
  alternatives: TypeVote[];
  metadata: unknown;
  machine: TypeVote | null;
  review: ReviewDecision | null;
}

export interface ReviewedText {
  documentId: number;
  type: string;
  pageTexts: string[];
}

export interface ClassificationStore {
  /** Records the machine's decision for a document; a human decision already there stays in force. */
  record(documentId: number, result: ClassificationInput): StoredClassification;
  /** By numeric id or uid. */
  get(ref: number | string): StoredClassification | undefined;
  /** Documents below the confidence threshold and not yet reviewed, oldest first. */
  needingReview(limit?: number): StoredClassification[];
  /** A person's decision: it wins now and on every later run. */
  setReview(ref: number | string, type: string, opts?: { reviewer?: string; note?: string }): StoredClassification;
  reviews(): ReviewDecision[];
  /** Reviewed documents with their OCR page text, to feed training. */
  reviewedTexts(): ReviewedText[];
}
