/**
 * Read-only views of the catalog for people: `sohoa documents list|show` and `sohoa status`.
 *
 * The status a person sees: pending (steps still to run), review (held before signing),
 * rejected (bad input, see reason), archived (all done), skipped (set aside by a person).
 */
export const VISIBLE_STATUSES = ['pending', 'review', 'rejected', 'archived', 'skipped'] as const;
export type VisibleStatus = (typeof VISIBLE_STATUSES)[number];

export interface DocumentFilter {
  dossier?: string;
  unit?: string;
  status?: VisibleStatus;
  type?: string;
  limit?: number;
}

export interface DocumentRow {
  id: number;
  uid: string;
  dossierCode: string | null;
  unitCode: string | null;
  part: string | null;
  name: string;
  stage: string;
  status: VisibleStatus;
  type: string | null;
  pages: number | null;
  updatedAt: string;
}

export interface DocumentDetail extends DocumentRow {
  reason: string | null;
  message: string | null;
  typeConfidence: number | null;
  reviewReasons: string[];
  review: { type: string; action: string; decidedAt: string } | null;
  /** When each stage or status was reached, oldest first. */
  events: Array<{ what: string; at: string }>;
  inputs: Array<{ path: string; sha256: string; size: number }>;
  ocrConfidence: number | null;
  pdfSha256: string | null;
  archiveKey: string | null;
  archivedAt: string | null;
  objects: Array<{ storeUrl: string; key: string; kind: string; sha256: string; size: number; version: number; lastAudit: string | null }>;
}

export interface CatalogStatus {
  stages: Array<{ stage: string; status: string; documents: number }>;
  byStatus: Record<VisibleStatus, number>;
  review: { count: number; oldest: Array<{ uid: string; name: string; reasons: string[] }> };
  rejections: { count: number; byReason: Array<{ reason: string; documents: number }>; inputs: number };
  lastRun: { id: number; command: string; startedAt: string; finishedAt: string | null; exitCode: number | null; summary: unknown } | null;
  archive: Array<{ storeUrl: string; objects: number; bytes: number; documents: number }>;
  lastFixity: { id: number; status: string; finishedAt: string | null } | null;
}

export interface OverviewStore {
  list(filter: DocumentFilter): DocumentRow[];
  /** By numeric id or uid. */
  show(ref: string): DocumentDetail | undefined;
  status(): CatalogStatus;
}
