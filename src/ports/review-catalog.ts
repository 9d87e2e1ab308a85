/**
 * The review gate in the catalog: documents held in status `review` with their reasons, the
 * decisions that release them, and archived documents whose sidecar must get a new version.
 */

export type ReviewAction = 'set' | 'accept';

export interface HeldDocument {
  documentId: number;
  uid: string;
  name: string;
  dossierCode: string | null;
  stage: string;
  type: string | null;
  confidence: number | null;
  reasons: string[];
}

/** An archived document whose catalog record changed after a decision. */
export interface OutdatedSidecar {
  documentId: number;
  uid: string;
  type: string | null;
  metadata: unknown;
  action: ReviewAction;
  decidedAt: string;
  machine: { type: string | null; confidence: number | null };
}

export interface ReviewStore {
  /** Holds a document in `review` with why (the caller commits its stage in the same transaction). */
  hold(documentId: number, reasons: string[]): void;
  /** Documents waiting for a decision, oldest first. */
  queue(limit?: number): HeldDocument[];
  count(): number;
  /**
   * Records that a person decided (`set` after the type was chosen, `accept` to keep the
   * machine's), and releases the document: a held one goes on at the next run, an archived one
   * is marked for a new sidecar version.
   */
  release(ref: number | string, action: ReviewAction, opts?: { reviewer?: string; note?: string }): { documentId: number; uid: string; archived: boolean };
  /** Sends a held document back to OCR (e.g. after rescanning or with other OCR settings). */
  sendBack(ref: number | string): { documentId: number; uid: string };
  outdatedSidecars(): OutdatedSidecar[];
}
