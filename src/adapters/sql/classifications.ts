import { UsageError } from '../../errors.js';
import type {
  ClassificationInput,
  ClassificationStore,
  ReviewDecision,
  ReviewedText,
  StoredClassification,
  TypeVote,
} from '../../ports/classification-catalog.js';
import type { SqlDb } from './db.js';

interface DocRow {
  id: number;
  uid: string;
  name: string;
  dossierCode: string | null;
  docType: string | null;
  typeConfidence: number | null;
  needsReview: number;
  metadata: string | null;
}

/** What the metadata column holds: the extracted fields plus the machine's full decision. */
interface StoredJson {
  metadata?: unknown;
  alternatives?: TypeVote[];
  machine?: TypeVote;
  classifiedAt?: string;
}

const DOC_COLUMNS = `d.id, d.uid, d.name, d.dossier_code AS "dossierCode", d.doc_type AS "docType",
  d.type_confidence AS "typeConfidence", d.needs_review AS "needsReview", d.metadata`;
const REVIEW_COLUMNS = `document_id AS "documentId", doc_type AS type, machine_type AS "machineType",
  machine_confidence AS "machineConfidence", reviewer, note, decided_at AS "decidedAt"`;

function parse(json: string | null): StoredJson {
  if (!json) return {};
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' ? (v as StoredJson) : {};
  } catch {
    return {};
  }
}

export class SqlClassificationStore implements ClassificationStore {
  constructor(private readonly db: SqlDb) {}

  private row(ref: number | string): DocRow | undefined {
    const byId = typeof ref === 'number' || /^\d+$/.test(ref);
    return this.db
      .prepare(`SELECT ${DOC_COLUMNS} FROM documents d WHERE ${byId ? 'd.id' : 'd.uid'} = ?`)
      .get(byId ? Number(ref) : ref) as DocRow | undefined;
  }

  private review(documentId: number): ReviewDecision | null {
    return (this.db.prepare(`SELECT ${REVIEW_COLUMNS} FROM classification_reviews WHERE document_id = ?`).get(documentId) as ReviewDecision | undefined) ?? null;
  }

  private toStored(row: DocRow): StoredClassification {
    const json = parse(row.metadata);
    return {
      documentId: row.id,
      uid: row.uid,
      name: row.name,
      dossierCode: row.dossierCode,
      type: row.docType,
      confidence: row.typeConfidence,
      needsReview: row.needsReview === 1,
      alternatives: json.alternatives ?? [],
      metadata: json.metadata ?? null,
      machine: json.machine ?? null,
      review: this.review(row.id),
    };
  }

  private mustGet(ref: number | string): DocRow {
    const row = this.row(ref);
    if (!row) throw new UsageError(`No document ${ref} in the catalog`, { hint: 'Use the id or uid that `sohoa review list` shows.' });
    return row;
  }

  record(documentId: number, result: ClassificationInput): StoredClassification {
    return this.db.transaction(() => {
      this.mustGet(documentId);
      const review = this.review(documentId);
      const json: StoredJson = {
        metadata: result.metadata,
        alternatives: result.alternatives,
        machine: { type: result.type, confidence: result.confidence },
        classifiedAt: new Date().toISOString(),
      };
      this.db
        .prepare(`UPDATE documents SET doc_type = ?, type_confidence = ?, needs_review = ?, metadata = ?, updated_at = ? WHERE id = ?`)
        .run(
          review ? review.type : result.type,
          review ? 1 : result.confidence,
          review ? 0 : result.needsReview ? 1 : 0,
          JSON.stringify(json),
          json.classifiedAt,
          documentId,
        );
      return this.toStored(this.mustGet(documentId));
    });
  }

  get(ref: number | string): StoredClassification | undefined {
    const row = this.row(ref);
    return row ? this.toStored(row) : undefined;
  }

  needingReview(limit = 1000): StoredClassification[] {
    const rows = this.db
      .prepare(
        `SELECT ${DOC_COLUMNS} FROM documents d
         WHERE d.needs_review = 1 AND NOT EXISTS (SELECT 1 FROM classification_reviews r WHERE r.document_id = d.id)
         ORDER BY d.id LIMIT ?`,
      )
      .all(limit) as DocRow[];
    return rows.map((r) => this.toStored(r));
  }

  setReview(ref: number | string, type: string, opts: { reviewer?: string; note?: string } = {}): StoredClassification {
    return this.db.transaction(() => {
      const row = this.mustGet(ref);
      const machine = parse(row.metadata).machine;
      const now = new Date().toISOString();
      this.db
        .prepare(
          `INSERT INTO classification_reviews (document_id, doc_type, machine_type, machine_confidence, reviewer, note, decided_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (document_id) DO UPDATE SET doc_type = excluded.doc_type, reviewer = excluded.reviewer,
             note = excluded.note, decided_at = excluded.decided_at`,
        )
        .run(row.id, type, machine?.type ?? row.docType, machine?.confidence ?? row.typeConfidence, opts.reviewer ?? null, opts.note ?? null, now);
      this.db.prepare(`UPDATE documents SET doc_type = ?, type_confidence = 1, needs_review = 0, updated_at = ? WHERE id = ?`).run(type, now, row.id);
      return this.toStored(this.mustGet(row.id));
    });
  }

  reviews(): ReviewDecision[] {
    return this.db.prepare(`SELECT ${REVIEW_COLUMNS} FROM classification_reviews ORDER BY decided_at, document_id`).all() as ReviewDecision[];
  }

  reviewedTexts(): ReviewedText[] {
    const rows = this.db
      .prepare(
        `SELECT r.document_id AS "documentId", r.doc_type AS type, p.text
         FROM classification_reviews r JOIN pages p ON p.document_id = r.document_id
         WHERE p.text IS NOT NULL ORDER BY r.document_id, p.page_no`,
      )
      .all() as Array<{ documentId: number; type: string; text: string }>;
    const out = new Map<number, ReviewedText>();
    for (const r of rows) {
      const cur = out.get(r.documentId) ?? { documentId: r.documentId, type: r.type, pageTexts: [] };
      cur.pageTexts.push(r.text);
      out.set(r.documentId, cur);
    }
    return [...out.values()];
  }
}
