import type { CatalogStatus, DocumentDetail, DocumentFilter, DocumentRow, OverviewStore, VisibleStatus } from '../../ports/overview.js';
import { byteOrder, bySql, type SqlDb } from './db.js';

/** The status a person sees, from the catalog's (stage, status). */
const VISIBLE = `CASE WHEN d.status IN ('rejected', 'review', 'skipped') THEN d.status
  WHEN d.stage = 'archived' THEN 'archived' ELSE 'pending' END`;
const ROW = `d.id, d.uid, d.dossier_code AS "dossierCode", d.unit_code AS "unitCode", d.part, d.name, d.stage,
  ${VISIBLE} AS status, d.doc_type AS type, d.page_count AS pages, d.updated_at AS "updatedAt"`;

const list = (json: string | null): string[] => {
  try {
    const v: unknown = json ? JSON.parse(json) : [];
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

export class SqlOverview implements OverviewStore {
  constructor(private readonly db: SqlDb) {}

  list(f: DocumentFilter): DocumentRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.dossier) (where.push('d.dossier_code = ?'), params.push(f.dossier));
    if (f.unit) (where.push('d.unit_code = ?'), params.push(f.unit));
    if (f.type) (where.push('d.doc_type = ?'), params.push(f.type));
    if (f.status) (where.push(`${VISIBLE} = ?`), params.push(f.status));
    params.push(f.limit ?? 1000);
    return this.db
      .prepare(`SELECT ${ROW} FROM documents d ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY d.id LIMIT ?`)
      .all(...params) as DocumentRow[];
  }

  show(ref: string): DocumentDetail | undefined {
    const byId = /^\d+$/.test(ref);
    const row = this.db
      .prepare(
        `SELECT ${ROW}, d.reason, d.message, d.type_confidence AS "typeConfidence", d.review_reasons AS "reviewReasons",
                d.pdf_sha256 AS "pdfSha256", d.archive_key AS "archiveKey", d.archived_at AS "archivedAt"
         FROM documents d WHERE ${byId ? 'd.id' : 'd.uid'} = ?`,
      )
      .get(byId ? Number(ref) : ref) as (Omit<DocumentDetail, 'reviewReasons'> & { reviewReasons: string | null }) | undefined;
    if (!row) return undefined;
    const id = row.id;
    const review =
      (this.db.prepare('SELECT doc_type AS type, action, decided_at AS "decidedAt" FROM classification_reviews WHERE document_id = ?').get(id) as DocumentDetail['review'] | undefined) ?? null;
    const ocr = this.db.prepare('SELECT avg(confidence) FROM pages WHERE document_id = ? AND blank = 0').pluck().get(id) as number | null;
    return {
      ...row,
      reviewReasons: list(row.reviewReasons),
      review,
      // PostgreSQL has no rowid: its document_events carries an identity column `seq` instead.
      events: this.db.prepare(`SELECT what, at FROM document_events WHERE document_id = ? ORDER BY ${bySql(this.db, 'rowid', 'seq')}`).all(id) as DocumentDetail['events'],
      inputs: this.db
        .prepare('SELECT i.path, i.sha256, i.size FROM document_inputs di JOIN inputs i ON i.id = di.input_id WHERE di.document_id = ? ORDER BY di.seq')
        .all(id) as DocumentDetail['inputs'],
      ocrConfidence: ocr === null ? null : Math.round(ocr * 10) / 10,
      objects: this.db
        .prepare(
          `SELECT store_url AS "storeUrl", key, kind, sha256, size, version, last_audit_status AS "lastAudit"
           FROM archived_objects WHERE document_uid = ? ORDER BY kind, version`,
        )
        .all(row.uid) as DocumentDetail['objects'],
    };
  }

  status(): CatalogStatus {
    const stages = this.db
      .prepare('SELECT stage, status, count(*) AS documents FROM documents GROUP BY stage, status ORDER BY stage, status')
      .all() as CatalogStatus['stages'];
    const byStatus = { pending: 0, review: 0, rejected: 0, archived: 0, skipped: 0 } as Record<VisibleStatus, number>;
    for (const r of this.db.prepare(`SELECT ${VISIBLE} AS s, count(*) AS n FROM documents d GROUP BY s`).all() as Array<{ s: VisibleStatus; n: number }>) {
      byStatus[r.s] = r.n;
    }
    const oldest = (
      this.db.prepare(`SELECT uid, name, review_reasons AS reasons FROM documents WHERE status = 'review' ORDER BY id LIMIT 10`).all() as Array<{
        uid: string;
        name: string;
        reasons: string | null;
      }>
    ).map((r) => ({ ...r, reasons: list(r.reasons) }));
    const lastRun = this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT 1').get() as Record<string, unknown> | undefined;
    const fix = this.db.prepare('SELECT id, status, finished_at AS "finishedAt" FROM fixity_audits ORDER BY id DESC LIMIT 1').get() as CatalogStatus['lastFixity'] | undefined;
    return {
      stages,
      byStatus,
      review: { count: byStatus.review, oldest },
      rejections: {
        count: byStatus.rejected,
        byReason: this.db
          .prepare(`SELECT coalesce(reason, '?') AS reason, count(*) AS documents FROM documents WHERE status = 'rejected' GROUP BY reason ORDER BY documents DESC, ${byteOrder(this.db, "coalesce(reason, '?')")}`)
          .all() as CatalogStatus['rejections']['byReason'],
        // Files rejected at ingest never become documents.
        inputs: this.db.prepare(`SELECT count(*) FROM inputs WHERE status = 'rejected' AND document_id IS NULL`).pluck().get() as number,
      },
      lastRun: lastRun
        ? {
            id: lastRun.id as number,
            command: lastRun.command as string,
            startedAt: lastRun.started_at as string,
            finishedAt: (lastRun.finished_at as string | null) ?? null,
            exitCode: (lastRun.exit_code as number | null) ?? null,
            summary: lastRun.summary ? JSON.parse(lastRun.summary as string) : null,
          }
        : null,
      archive: this.db
        .prepare(
          `SELECT store_url AS "storeUrl", count(*) AS objects, sum(size) AS bytes, count(DISTINCT document_uid) AS documents
           FROM archived_objects GROUP BY store_url ORDER BY ${byteOrder(this.db, 'store_url')}`,
        )
        .all() as CatalogStatus['archive'],
      lastFixity: fix ?? null,
    };
  }
}
