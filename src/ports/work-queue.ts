import type { Stage } from '../domain/document-state.js';
import { ExitCode, SohoaError } from '../errors.js';
import type { DocumentRecord } from './document-store.js';

/** Who holds a lease: one worker process (`worker_id` is unique per process, host and pid are for people). */
export interface WorkerIdentity {
  workerId: string;
  host: string;
  pid: number;
}

/**
 * A worker's claim on one document. (workerId, claimedAt) is the fencing token: a commit checks
 * that the lease row still holds both, so a worker whose lease was taken over cannot commit.
 * Times are ISO strings from the catalog's clock.
 */
export interface Lease {
  documentId: number;
  workerId: string;
  claimedAt: string;
  expiresAt: string;
}

export interface Claimed {
  doc: DocumentRecord;
  lease: Lease;
  /** Set when the document's previous lease had expired: the worker that held it. */
  tookOverFrom?: { workerId: string; host: string; pid: number; expiredAt: string };
}

export interface ClaimOptions {
  /** Only documents whose stage is one of these (a document's next step must be one the worker runs). */
  stages: readonly Stage[];
}

/**
 * Pending documents handed out to workers with leases, on the catalog. Claims are atomic (two
 * claimers never get the same document), skip documents under an unexpired lease, take over
 * expired ones, and go round the units so that one unit's backlog cannot starve the others.
 */
export interface WorkQueue {
  /**
   * Up to `n` pending documents, leased to `me` for `leaseSeconds`. Under contention it may come
   * back empty while work remains (every candidate was being claimed by others): see `claimable`.
   */
  claim(me: WorkerIdentity, n: number, leaseSeconds: number, opts: ClaimOptions): Claimed[];
  /** Pending documents at these stages that no live lease holds: 0 means there is nothing left to claim. */
  claimable(stages: readonly Stage[]): number;
  /** Extends the leases still held; returns those that were lost (taken over by another worker). */
  renew(leases: Lease[], leaseSeconds: number): Lease[];
  /** Gives the document back (done, abandoned or set aside). A lease already lost is left alone. */
  release(lease: Lease): void;
  /**
   * Throws LeaseLostError unless the lease is still its holder's, and extends it. Call it inside
   * the transaction that commits a stage: on PostgreSQL it locks the lease row until that commit,
   * so a takeover waits for the commit and then sees the new stage.
   */
  fence(lease: Lease, leaseSeconds: number): void;
  /** Tells idle workers there is new work (NOTIFY on PostgreSQL; nothing on one machine). */
  announce(): void;
  /** Leases currently held, for `sohoa status` and tests. */
  leases(): Array<Lease & { host: string; pid: number }>;
}

/** The lease on a document went to another worker: this worker must not commit anything for it. */
export class LeaseLostError extends SohoaError {
  constructor(
    readonly documentId: number,
    message: string,
  ) {
    super(message, ExitCode.Storage, {
      hint: 'Another worker took the document over after this one stopped renewing its lease (catalog.leaseSeconds); it resumes from the last committed stage.',
    });
  }
}
