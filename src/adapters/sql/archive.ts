import type {
  ArchivedDocumentRecord,
  ArchivedObject,
  ArchiveStore,
  AuditCounts,
  AuditRecord,
  FindingStatus,
  FixityFinding,
  NewArchivedObject,
  ObjectFilter,
} from '../../ports/archive-catalog.js';
import { byteOrder, type SqlDb } from './db.js';

const OBJECT_COLUMNS = `store_url AS "storeUrl", key, kind, document_uid AS "documentUid", sha256, size, verified_by AS "verifiedBy",
  retention_mode AS "retentionMode", retain_until AS "retainUntil", archived_at AS "archivedAt", last_audit_status AS "lastAuditStatus", version`;

export class SqlArchiveStore implements ArchiveStore {
  constructor(private readonly db: SqlDb) {}

  find(storeUrl: string, key: string): ArchivedObject | undefined {
    return this.db
      .prepare(`SELECT ${OBJECT_COLUMNS} FROM archived_objects WHERE store_url = ? AND key = ?`)
      .get(storeUrl, key) as ArchivedObject | undefined;
  }

  findDocument(storeUrl: string, documentUid: string): ArchivedObject | undefined {
    return this.db
      .prepare(`SELECT ${OBJECT_COLUMNS} FROM archived_objects WHERE store_url = ? AND document_uid = ? AND kind = 'document'`)
      .get(storeUrl, documentUid) as ArchivedObject | undefined;
  }

  recordDocument(rec: ArchivedDocumentRecord): void {
    const now = new Date().toISOString();
    const insert = this.db.prepare(`
      INSERT INTO archived_objects (store_url, key, kind, document_uid, sha256, size, verified_by, retention_mode, retain_until, archived_at)
      VALUES (@storeUrl, @key, @kind, @documentUid, @sha256, @size, @verifiedBy, @retentionMode, @retainUntil, @now)
      ON CONFLICT (store_url, key) DO UPDATE SET
        sha256 = excluded.sha256, size = excluded.size, verified_by = excluded.verified_by, document_uid = excluded.document_uid`);
    const row = (o: NewArchivedObject, kind: 'document' | 'sidecar') => ({
      ...o,
      storeUrl: rec.storeUrl,
      kind,
      documentUid: rec.documentUid,
      now,
    });
    this.db.transaction(() => {
      insert.run(row(rec.object, 'document'));
      insert.run(row(rec.sidecar, 'sidecar'));
      // The document's stage and its dossier's counts are the pipeline's to move (in its own
      // commit), so that a crash between the two commits re-runs the step rather than skipping it.
      this.db
        .prepare('UPDATE documents SET archive_key = ?, archived_at = coalesce(archived_at, ?), updated_at = ? WHERE uid = ?')
        .run(rec.object.key, now, now, rec.documentUid);
    });
  }

  objects(storeUrl: string, filter: ObjectFilter = {}): ArchivedObject[] {
    const where = ['store_url = ?'];
    const params: string[] = [storeUrl];
    if (filter.since) {
      where.push('archived_at >= ?');
      params.push(filter.since);
    }
    return this.db
      .prepare(`SELECT ${OBJECT_COLUMNS} FROM archived_objects WHERE ${where.join(' AND ')} ORDER BY ${byteOrder(this.db, 'key')}`)
      .all(...params) as ArchivedObject[];
  }

  sidecars(storeUrl: string, documentUid: string): ArchivedObject[] {
    return this.db
      .prepare(`SELECT ${OBJECT_COLUMNS} FROM archived_objects WHERE store_url = ? AND document_uid = ? AND kind = 'sidecar' ORDER BY version`)
      .all(storeUrl, documentUid) as ArchivedObject[];
  }

  recordSidecarVersion(storeUrl: string, documentUid: string, o: NewArchivedObject, version: number, decidedAt?: string): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO archived_objects (store_url, key, kind, document_uid, sha256, size, verified_by, retention_mode, retain_until, archived_at, version)
           VALUES (?, ?, 'sidecar', ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (store_url, key) DO NOTHING`,
        )
        .run(storeUrl, o.key, documentUid, o.sha256, o.size, o.verifiedBy, o.retentionMode, o.retainUntil, now, version);
      const current = decidedAt === undefined ? '' : ' AND NOT EXISTS (SELECT 1 FROM classification_reviews r WHERE r.document_id = documents.id AND r.decided_at <> ?)';
      this.db.prepare(`UPDATE documents SET sidecar_outdated = 0, updated_at = ? WHERE uid = ?${current}`).run(now, documentUid, ...(decidedAt === undefined ? [] : [decidedAt]));
    });
  }

  count(storeUrl: string): number {
    return this.db.prepare('SELECT count(*) FROM archived_objects WHERE store_url = ?').pluck().get(storeUrl) as number;
  }

  startAudit(storeUrl: string, scope: string): number {
    const r = this.db
      .prepare('INSERT INTO fixity_audits (store_url, scope, started_at) VALUES (?, ?, ?) RETURNING id')
      .pluck()
      .get(storeUrl, scope, new Date().toISOString());
    return Number(r);
  }

  recordCheck(auditId: number, storeUrl: string, key: string, status: 'ok' | FindingStatus, finding?: FixityFinding): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE archived_objects SET last_audit_id = ?, last_audit_status = ? WHERE store_url = ? AND key = ?')
        .run(auditId, status, storeUrl, key);
      if (finding) {
        this.db
          .prepare(
            `INSERT INTO fixity_findings (audit_id, key, status, expected_sha256, actual_sha256, message)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (audit_id, key) DO UPDATE SET status = excluded.status, expected_sha256 = excluded.expected_sha256,
               actual_sha256 = excluded.actual_sha256, message = excluded.message`,
          )
          .run(auditId, finding.key, finding.status, finding.expectedSha256 ?? null, finding.actualSha256 ?? null, finding.message ?? null);
      }
    });
  }

  finishAudit(auditId: number, c: AuditCounts, status: 'passed' | 'failed' | 'interrupted'): void {
    this.db
      .prepare(
        `UPDATE fixity_audits SET finished_at = ?, checked = ?, ok = ?, missing = ?, corrupt = ?, unexpected = ?, errors = ?, status = ?
         WHERE id = ?`,
      )
      .run(new Date().toISOString(), c.checked, c.ok, c.missing, c.corrupt, c.unexpected, c.errors, status, auditId);
  }

  audits(limit: number): AuditRecord[] {
    return this.db
      .prepare(
        `SELECT id, store_url AS "storeUrl", scope, started_at AS "startedAt", finished_at AS "finishedAt", checked, ok, missing,
                corrupt, unexpected, errors, status FROM fixity_audits ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as AuditRecord[];
  }

  findings(auditId: number): FixityFinding[] {
    const rows = this.db
      .prepare(
        `SELECT key, status, expected_sha256 AS "expectedSha256", actual_sha256 AS "actualSha256", message
         FROM fixity_findings WHERE audit_id = ? ORDER BY ${byteOrder(this.db, 'key')}`,
      )
      .all(auditId) as Array<Record<string, string | null>>;
    return rows.map((r) => {
      const f: FixityFinding = { key: r.key!, status: r.status as FindingStatus };
      if (r.expectedSha256) f.expectedSha256 = r.expectedSha256;
      if (r.actualSha256) f.actualSha256 = r.actualSha256;
      if (r.message) f.message = r.message;
      return f;
    });
  }
}
