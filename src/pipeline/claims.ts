import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlCatalog } from '../adapters/sql/catalog.js';
import { STAGES, type Stage } from '../domain/document-state.js';
import type { DocumentRecord } from '../ports/document-store.js';
import type { InputRejectedError } from '../errors.js';
import { LeaseLostError, type Lease, type WorkerIdentity } from '../ports/work-queue.js';
import type { EventSink } from './events.js';
import { workRoot } from './housekeeping.js';
import type { OutageGate } from './outage.js';
import { stepFor, type StepName } from './steps.js';

export interface ClaimedWorkOptions {
  catalog: SqlCatalog;
  steps: StepName[];
  /** catalog.leaseSeconds: renewed every third of it while the document is worked on. */
  leaseSeconds: number;
  workspace: string;
  events: EventSink;
  gate: OutageGate;
  /** Aborted: no new claims (what is in flight finishes). */
  signal: AbortSignal;
  /** `sohoa worker`: when nothing is pending, wait for news instead of ending. */
  waitForWork?: (signal: AbortSignal) => Promise<void>;
  /** Documents claimed per round trip. */
  batch?: number;
}

/** A worker's name in the catalog: unique per process, readable by people. */
export function workerIdentity(): WorkerIdentity {
  const host = os.hostname();
  return { workerId: `${host}:${process.pid}:${randomBytes(3).toString('hex')}`, host, pid: process.pid };
}

/** The stages a document may be at for one of `steps` to be its next. */
export function claimableStages(steps: StepName[]): Stage[] {
  return STAGES.filter((s) => {
    const step = stepFor(s);
    return step !== undefined && steps.includes(step.name);
  });
}

/**
 * What a worker holds on a shared catalog: it claims documents as the runner has room for them,
 * renews their leases on a timer, fences each commit, and releases each document when done
 * with it. A dead worker's leases simply expire and another worker claims the documents.
 */
export class ClaimedWork {
  readonly me = workerIdentity();
  private readonly held = new Map<number, Lease>();
  /** Leases found taken over when renewing: the next commit of those documents is refused. */
  private readonly lost = new Set<number>();
  private readonly timer: NodeJS.Timeout;
  claims = 0;

  constructor(private readonly o: ClaimedWorkOptions) {
    this.timer = setInterval(() => this.renew(), Math.max(1000, (o.leaseSeconds * 1000) / 3));
    this.timer.unref();
  }

  /** Documents, claimed one batch at a time as they are pulled. Ends when nothing is pending (run) or on the signal. */
  async *documents(): AsyncGenerator<DocumentRecord> {
    const { catalog, gate, signal } = this.o;
    const stages = claimableStages(this.o.steps);
    while (!signal.aborted) {
      let got;
      try {
        got = await gate.retry(() => catalog.work.claim(this.me, this.o.batch ?? 1, this.o.leaseSeconds, { stages }), signal);
      } catch (err) {
        // Told to stop while the catalog was away: nothing was claimed, nothing is lost.
        if (signal.aborted) return;
        throw err;
      }
      this.claims += 1;
      if (got.length === 0) {
        // Empty because other workers were claiming the same candidates at that instant: try again.
        if (await gate.retry(() => catalog.work.claimable(stages), signal).catch(() => 0)) {
          await sleep(20 + Math.random() * 80, undefined, { signal }).catch(() => undefined);
          continue;
        }
        if (!this.o.waitForWork) return;
        await this.o.waitForWork(signal);
        continue;
      }
      for (const c of got) {
        this.held.set(c.doc.id, c.lease);
        const prev = c.tookOverFrom;
        this.o.events({
          type: 'claim',
          document: c.doc.uid,
          worker: this.me.workerId,
          ...(prev ? { tookOverFrom: { worker: prev.workerId, host: prev.host, pid: prev.pid, expiredAt: prev.expiredAt } } : {}),
        });
        yield this.resumable(c.doc);
      }
    }
  }

  /**
   * A document resumes from its last committed stage when that stage's files are here: on another
   * machine's disk they cannot be used, so its steps start again from OCR (the originals are
   * staged for every machine). The catalog keeps the committed stage until the redo commits.
   */
  private resumable(doc: DocumentRecord): DocumentRecord {
    const dir = path.join(workRoot(this.o.workspace), doc.uid);
    const needs = doc.stage === 'signed' ? 'signed.pdf' : doc.stage === 'pdf' || doc.stage === 'classified' ? 'document.pdf' : undefined;
    if (!needs || existsSync(path.join(dir, needs))) return doc;
    this.o.events({ type: 'redo', document: doc.uid, stage: doc.stage });
    return { ...doc, stage: 'ingested' };
  }

  /** For the commit of a stage, inside its transaction: throws LeaseLostError once another worker holds the document. */
  fence(documentId: number): void {
    if (this.lost.has(documentId)) throw new LeaseLostError(documentId, `Lost the lease on document ${documentId}: it was not renewed in time`);
    const lease = this.held.get(documentId);
    if (lease) this.o.catalog.work.fence(lease, this.o.leaseSeconds);
  }

  /** The runner is done with the document. An abandoned one (still pending) is announced, so another worker takes it at once. */
  release(doc: DocumentRecord): void {
    this.lost.delete(doc.id);
    const lease = this.held.get(doc.id);
    if (!lease) return;
    this.held.delete(doc.id);
    try {
      this.o.catalog.work.release(lease);
      if (doc.status === 'pending' && doc.stage !== 'archived') this.o.catalog.work.announce();
    } catch {
      // The catalog is away: the lease expires by itself and another worker resumes the document.
    }
  }

  private renew(): void {
    if (this.held.size === 0) return;
    let lost: Lease[];
    try {
      lost = this.o.catalog.work.renew([...this.held.values()], this.o.leaseSeconds);
    } catch {
      // During an outage leases cannot be renewed; commits are fenced, so a lease that expires
      // meanwhile and goes to another worker costs only this worker's redone step.
      return;
    }
    for (const l of lost) {
      this.held.delete(l.documentId);
      this.lost.add(l.documentId);
      const doc = this.o.catalog.documents.get(l.documentId);
      this.o.events({ type: 'lease-lost', document: doc?.uid ?? String(l.documentId), message: 'not renewed in time' });
    }
  }

  /** Stops renewing and gives back whatever is still held (best effort: leases also expire). */
  close(): void {
    clearInterval(this.timer);
    for (const lease of this.held.values()) {
      try {
        this.o.catalog.work.release(lease);
      } catch {
        break;
      }
    }
    this.held.clear();
  }
}

/** Pending documents (and their known pages) that `steps` would work on, for the start event. */
export function pendingCounts(catalog: SqlCatalog, steps: StepName[]): { documents: number; pages: number } {
  const stages = claimableStages(steps);
  if (stages.length === 0) return { documents: 0, pages: 0 };
  const row = catalog.db
    .prepare(`SELECT count(*) AS documents, coalesce(sum(page_count), 0) AS pages FROM documents WHERE status = 'pending' AND stage IN (${stages.map(() => '?').join(', ')})`)
    .get(...stages) as { documents: number; pages: number };
  return { documents: Number(row.documents), pages: Number(row.pages) };
}

/** Rejects a document; under a lease, only while the lease is still this worker's (else the other worker decides). */
export function rejectDocument(catalog: SqlCatalog, claims: ClaimedWork | undefined, doc: DocumentRecord, err: InputRejectedError): void {
  try {
    catalog.transaction(() => {
      claims?.fence(doc.id);
      catalog.documents.reject(doc.id, err.reason, err.message);
    });
  } catch (e) {
    if (!(e instanceof LeaseLostError)) throw e;
  }
}
