import type { Catalog } from '../ports/catalog.js';
import type { DocumentRecord } from '../ports/document-store.js';
import { UsageError } from '../errors.js';

export interface Decision {
  document: string;
  id: number;
  before: DocumentRecord['status'];
  after: 'pending' | 'skipped';
  stage: DocumentRecord['stage'];
  /** The rejection that was set aside or cleared. */
  reason: string | null;
}

/** A document by its catalog id or its uid; a usage error naming what was given otherwise. */
export function findDocument(catalog: Catalog, ref: string): DocumentRecord {
  const doc = /^\d+$/.test(ref) ? catalog.documents.get(Number(ref)) : catalog.documents.byUid(ref);
  if (!doc) {
    throw new UsageError(`Expected a document id or uid in the catalog, got "${ref}"`, {
      hint: 'Rejected documents and their uids are listed in the output of `sohoa run` and `sohoa ingest` (use --json).',
    });
  }
  return doc;
}

/**
 * `sohoa documents retry`: a rejected or skipped document goes back to pending and the next run
 * resumes it from its last completed stage (its inputs are re-read from the originals store).
 */
export function retryDocument(catalog: Catalog, ref: string): Decision {
  const doc = findDocument(catalog, ref);
  if (doc.status !== 'rejected' && doc.status !== 'skipped') {
    throw new UsageError(`Expected a rejected or skipped document for retry, got ${doc.uid}, which is ${doc.status}`);
  }
  if (doc.reason === 'unknown-unit' && doc.unitCode && catalog.units.versions(doc.unitCode).length === 0) {
    throw new UsageError(`Expected unit ${doc.unitCode} in the catalog to retry ${doc.uid}, got no such unit`, {
      hint: 'Import the unit list that has it first: sohoa units import FILE',
    });
  }
  catalog.documents.setStatus(doc.id, 'pending', null, null);
  return { document: doc.uid, id: doc.id, before: doc.status, after: 'pending', stage: doc.stage, reason: doc.reason };
}

/** `sohoa documents skip`: set aside by a person; never processed until retried, and listed as skipped. */
export function skipDocument(catalog: Catalog, ref: string, note?: string): Decision {
  const doc = findDocument(catalog, ref);
  if (doc.status === 'done' || doc.stage === 'archived') {
    throw new UsageError(`Expected a pending or rejected document to skip, got ${doc.uid}, which is already archived`);
  }
  if (doc.status === 'skipped') return { document: doc.uid, id: doc.id, before: 'skipped', after: 'skipped', stage: doc.stage, reason: doc.reason };
  const why = doc.status === 'rejected' ? ` after rejection (${doc.reason}: ${doc.message ?? ''})` : '';
  const message = `Skipped by a person on ${new Date().toISOString().slice(0, 10)}${why}${note ? `. Note: ${note}` : ''}`;
  catalog.documents.setStatus(doc.id, 'skipped', 'skipped', message);
  return { document: doc.uid, id: doc.id, before: doc.status, after: 'skipped', stage: doc.stage, reason: doc.reason };
}
