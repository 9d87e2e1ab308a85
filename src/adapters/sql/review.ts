import { UsageError } from '../../errors.js';
import type { HeldDocument, OutdatedSidecar, ReviewAction, ReviewStore } from '../../ports/review-catalog.js';
import type { SqlDb } from './db.js';

interface HeldRow extends Omit<HeldDocument, 'reasons'> {
  reasons: string | null;
}

const parseList = (json: string | null): string[] => {
  try {
    const v: unknown = json ? JSON.parse(json) : [];
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

/** Held by the gate, or marked unsure by the classifier (before the gate existed) and not yet decided. */
const WAITING = `(d.status = 'review' OR (d.status = 'pending' AND d.needs_review = 1
  AND NOT EXISTS (SELECT 1 FROM classification_reviews r WHERE r.document_id = d.id)))`;

export class SqlReviewStore implements ReviewStore {
  constructor(private readonly db: SqlDb) {}

  hold(documentId: number, reasons: string[]): void {
    this.db
      .prepare(`UPDATE documents SET status = 'review', review_reasons = ?, updated_at = ? WHERE id = ?`)
      .run(JSON.stringify(reasons), new Date().toISOString(), documentId);
  }

  queue(limit = 1000): HeldDocument[] {
    const rows = this.db
      .prepare(
        `SELECT id AS "documentId", uid, name, dossier_code AS "dossierCode", stage, doc_type AS type,
                type_confidence AS confidence, review_reasons AS reasons
         FROM documents d WHERE ${WAITING} ORDER BY id LIMIT ?`,
      )
      .all(limit) as HeldRow[];
    return rows.map((r) => ({
      ...r,
      // Classified before the gate existed: the machine's own doubt is the reason.
      reasons: r.reasons ? parseList(r.reasons) : [`type-confidence ${Math.round((r.confidence ?? 0) * 100) / 100}`],
    }));
  }

  count(): number {
    return this.db.prepare(`SELECT count(*) FROM documents d WHERE ${WAITING}`).pluck().get() as number;
  }

  release(ref: number | string, action: ReviewAction, opts: { reviewer?: string; note?: string } = {}) {
    return this.db.transaction(() => {
      const byId = typeof ref === 'number' || /^\d+$/.test(ref);
      const doc = this.db
        .prepare(`SELECT id, uid, stage, status, doc_type AS type, type_confidence AS confidence, metadata FROM documents WHERE ${byId ? 'id' : 'uid'} = ?`)
        .get(byId ? Number(ref) : ref) as
        | { id: number; uid: string; stage: string; status: string; type: string | null; confidence: number | null; metadata: string | null }
        | undefined;
      if (!doc) throw new UsageError(`No document ${ref} in the catalog`, { hint: 'Use the id or uid that `sohoa review list` shows.', key: 'documents.notFound', params: { ref }, hintKey: 'review.noDocumentHint' });
      const now = new Date().toISOString();
      if (action === 'accept') {
        if (!doc.type) throw new UsageError(`Expected a classified document for review accept, got document ${ref} with no type yet`, {
            hint: 'Run the classify step first, or decide with `sohoa review set DOC TYPE`.',
            key: 'review.notClassified',
            params: { ref },
            hintKey: 'review.notClassifiedHint',
          });
        let machine: { type?: string; confidence?: number } | undefined;
        try {
          machine = (JSON.parse(doc.metadata ?? '{}') as { machine?: { type?: string; confidence?: number } }).machine;
        } catch {
          machine = undefined;
        }
        this.db
          .prepare(
            `INSERT INTO classification_reviews (document_id, doc_type, machine_type, machine_confidence, reviewer, note, decided_at, action)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'accept')
             ON CONFLICT (document_id) DO UPDATE SET doc_type = excluded.doc_type, reviewer = excluded.reviewer,
               note = excluded.note, decided_at = excluded.decided_at, action = 'accept'`,
          )
          .run(doc.id, doc.type, machine?.type ?? doc.type, machine?.confidence ?? doc.confidence, opts.reviewer ?? null, opts.note ?? null, now);
        this.db.prepare('UPDATE documents SET needs_review = 0 WHERE id = ?').run(doc.id);
      } else {
        this.db.prepare(`UPDATE classification_reviews SET action = 'set' WHERE document_id = ?`).run(doc.id);
      }
      const archived = doc.stage === 'archived';
      this.db
        .prepare(
          `UPDATE documents SET status = CASE WHEN status = 'review' THEN 'pending' ELSE status END,
             sidecar_outdated = ?, updated_at = ? WHERE id = ?`,
        )
        .run(archived ? 1 : 0, now, doc.id);
      return { documentId: doc.id, uid: doc.uid, archived };
    });
  }

  sendBack(ref: number | string): { documentId: number; uid: string } {
    const byId = typeof ref === 'number' || /^\d+$/.test(ref);
    const doc = this.db.prepare(`SELECT id, uid, status FROM documents WHERE ${byId ? 'id' : 'uid'} = ?`).get(byId ? Number(ref) : ref) as
      | { id: number; uid: string; status: string }
      | undefined;
    if (!doc) throw new UsageError(`No document ${ref} in the catalog`, { hint: 'Use the id or uid that `sohoa review list` shows.', key: 'documents.notFound', params: { ref }, hintKey: 'review.noDocumentHint' });
    if (doc.status !== 'review') {
      throw new UsageError(`Expected a document waiting in review for review ocr, got document ${ref} in status ${doc.status}`, {
        hint: 'Only held documents go back to OCR; an archived record is corrected with `sohoa review set`.',
        key: 'review.notHeld',
        params: { ref, status: doc.status },
        hintKey: 'review.notHeldHint',
      });
    }
    this.db
      .prepare(`UPDATE documents SET stage = 'ingested', status = 'pending', review_reasons = NULL, updated_at = ? WHERE id = ?`)
      .run(new Date().toISOString(), doc.id);
    return { documentId: doc.id, uid: doc.uid };
  }

  outdatedSidecars(): OutdatedSidecar[] {
    const rows = this.db
      .prepare(
        `SELECT d.id AS "documentId", d.uid, d.doc_type AS type, d.metadata, r.action, r.decided_at AS "decidedAt",
                r.machine_type AS "machineType", r.machine_confidence AS "machineConfidence"
         FROM documents d JOIN classification_reviews r ON r.document_id = d.id
         WHERE d.sidecar_outdated = 1 AND d.stage = 'archived' ORDER BY d.id`,
      )
      .all() as Array<{ documentId: number; uid: string; type: string | null; metadata: string | null; action: ReviewAction; decidedAt: string; machineType: string | null; machineConfidence: number | null }>;
    return rows.map((r) => {
      let metadata: unknown = null;
      try {
        metadata = (JSON.parse(r.metadata ?? '{}') as { metadata?: unknown }).metadata ?? null;
      } catch {
        metadata = null;
      }
      return {
        documentId: r.documentId,
        uid: r.uid,
        type: r.type,
        metadata,
        action: r.action,
        decidedAt: r.decidedAt,
        machine: { type: r.machineType, confidence: r.machineConfidence },
      };
    });
  }
}
