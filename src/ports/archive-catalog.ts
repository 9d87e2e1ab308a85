import type { VerifiedBy } from './object-store.js';
import type { Said } from '../i18n/said.js';

/** The catalog's record of what was archived where, and of every fixity audit. */

export type ArchivedKind = 'document' | 'sidecar';

export interface ArchivedObject {
  storeUrl: string;
  key: string;
  kind: ArchivedKind;
  documentUid: string | null;
  sha256: string;
  size: number;
  verifiedBy: VerifiedBy;
  retentionMode: string | null;
  retainUntil: string | null;
  archivedAt: string;
  lastAuditStatus: string | null;
  /** Sidecars only: 1 for the first, n for the version written after the (n-1)th review decision. */
  version?: number;
}

export type NewArchivedObject = Omit<ArchivedObject, 'storeUrl' | 'archivedAt' | 'lastAuditStatus' | 'documentUid' | 'kind' | 'version'>;

export interface ArchivedDocumentRecord {
  storeUrl: string;
  documentUid: string;
  object: NewArchivedObject;
  sidecar: NewArchivedObject;
}

export type FindingStatus = 'missing' | 'corrupt' | 'unexpected' | 'error';

export interface FixityFinding {
  key: string;
  status: FindingStatus;
  expectedSha256?: string;
  actualSha256?: string;
  /** English, as stored in the catalog; `messageSaid` is its catalogue text, worded in the run language. */
  message?: string;
  messageSaid?: Said;
}

export interface AuditCounts {
  checked: number;
  ok: number;
  missing: number;
  corrupt: number;
  unexpected: number;
  errors: number;
}

export interface AuditRecord extends AuditCounts {
  id: number;
  storeUrl: string;
  scope: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
}

export interface ObjectFilter {
  /** Only objects archived on or after this ISO date/time. */
  since?: string;
}

export interface ArchiveStore {
  find(storeUrl: string, key: string): ArchivedObject | undefined;
  /** The archived PDF of a document in a store, if it was archived there. */
  findDocument(storeUrl: string, documentUid: string): ArchivedObject | undefined;
  /**
   * In one transaction: records the confirmed object and its sidecar, and sets the document's
   * archive_key/archived_at. Its stage and its dossier's counts are left to the caller.
   */
  recordDocument(rec: ArchivedDocumentRecord): void;
  objects(storeUrl: string, filter?: ObjectFilter): ArchivedObject[];
  /** A document's sidecars in a store, oldest version first. */
  sidecars(storeUrl: string, documentUid: string): ArchivedObject[];
  /**
   * Records a new sidecar version (never replacing an older one) and clears the document's outdated
   * mark, unless a decision newer than `decidedAt` (the one this version carries) came in while it
   * was written: that one still needs its version.
   */
  recordSidecarVersion(storeUrl: string, documentUid: string, sidecar: NewArchivedObject, version: number, decidedAt?: string): void;
  count(storeUrl: string): number;
  startAudit(storeUrl: string, scope: string): number;
  /** Records one object's outcome (a finding when not ok) and its last audit status. */
  recordCheck(auditId: number, storeUrl: string, key: string, status: 'ok' | FindingStatus, finding?: FixityFinding): void;
  finishAudit(auditId: number, counts: AuditCounts, status: 'passed' | 'failed' | 'interrupted'): void;
  audits(limit: number): AuditRecord[];
  findings(auditId: number): FixityFinding[];
}
