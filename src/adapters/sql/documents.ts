import type { Stage } from '../../domain/document-state.js';
import type {
  DocumentRecord,
  DocumentStore,
  InputRecord,
  NewDocument,
  NewInput,
  PageRecord,
  StageUpdate,
} from '../../ports/document-store.js';
import type { OcrWord } from '../../ports/ocr-engine.js';
import type { SqlDb } from './db.js';

const INPUT_COLS = `id, path, sha256, size, mtime_ms AS "mtimeMs", status, reason, message, duplicate_of AS "duplicateOf",
  document_id AS "documentId", seen_at AS "seenAt"`;
const DOC_COLS = `id, uid, dossier_code AS "dossierCode", unit_code AS "unitCode", part, name, stage, status, reason, message,
  page_count AS "pageCount", work_dir AS "workDir", pdf_sha256 AS "pdfSha256", created_at AS "createdAt", updated_at AS "updatedAt",
  version, previous_id AS "previousId"`;

interface PageRow {
  pageNo: number;
  width: number;
  height: number;
  dpi: number;
  rotation: number;
  skew: number;
  blank: number;
  lowDpi: number;
  text: string;
  confidence: number;
  wordsPath: string | null;
}

/**
 * A text layer from a broken PDF font can hold NUL characters. PostgreSQL text cannot (it refuses
 * the page), SQLite can: dropped on both, so a page reads the same on either engine.
 */
const withoutNul = (text: string): string => (text.includes('\0') ? text.replaceAll('\0', '') : text);

const PG_PAGE_WORDS = `INSERT INTO page_words (document_id, page_no, word_no, line_no, text, confidence, x0, y0, x1, y1)
  SELECT ?, ?, w.* FROM unnest(?::int[], ?::int[], ?::text[], ?::float8[], ?::int[], ?::int[], ?::int[], ?::int[])
    AS w(word_no, line_no, text, confidence, x0, y0, x1, y1)`;

export class SqlDocumentStore implements DocumentStore {
  constructor(private readonly db: SqlDb) {}

  inputByPathAndSha(path: string, sha256: string): InputRecord | undefined {
    return this.db.prepare(`SELECT ${INPUT_COLS} FROM inputs WHERE path = ? AND sha256 = ?`).get(path, sha256) as InputRecord | undefined;
  }

  inputWithSha(sha256: string, otherThanPath: string): InputRecord | undefined {
    return this.db.prepare(`SELECT ${INPUT_COLS} FROM inputs WHERE sha256 = ? AND path <> ? ORDER BY id LIMIT 1`).get(sha256, otherThanPath) as
      | InputRecord
      | undefined;
  }

  /** A previously `rejected` or old `duplicate` row referenced again by a good document becomes `registered`. */
  markInputRegistered(id: number): void {
    this.db.prepare(`UPDATE inputs SET status = 'registered', reason = NULL, message = NULL, duplicate_of = NULL WHERE id = ?`).run(id);
  }

  latestVersion(dossierCode: string, part: string, name: string): DocumentRecord | undefined {
    return this.db
      .prepare(`SELECT ${DOC_COLS} FROM documents WHERE dossier_code = ? AND part = ? AND name = ? ORDER BY version DESC, id DESC LIMIT 1`)
      .get(dossierCode, part, name) as DocumentRecord | undefined;
  }

  addInput(i: NewInput): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO inputs (path, sha256, size, mtime_ms, status, reason, message, duplicate_of, seen_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        )
        .pluck()
        .get(i.path, i.sha256, i.size, i.mtimeMs, i.status, i.reason ?? null, i.message ?? null, i.duplicateOf ?? null, new Date().toISOString()),
    );
  }

  createDocument(doc: NewDocument, inputIds: number[]): DocumentRecord {
    const now = new Date().toISOString();
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO documents (uid, dossier_code, unit_code, part, name, stage, status, reason, message, version, previous_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'ingested', ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        )
        .pluck()
        .get(doc.uid, doc.dossierCode, doc.unitCode, doc.part, doc.name, doc.status ?? 'pending', doc.reason ?? null, doc.message ?? null, doc.version ?? 1, doc.previousId ?? null, now, now),
    );
    const link = this.db.prepare('INSERT INTO document_inputs (document_id, input_id, seq) VALUES (?, ?, ?)');
    // document_id keeps the first document only; document_inputs holds every reference.
    const own = this.db.prepare('UPDATE inputs SET document_id = coalesce(document_id, ?) WHERE id = ?');
    inputIds.forEach((inputId, seq) => {
      link.run(id, inputId, seq + 1);
      own.run(id, inputId);
    });
    return this.get(id)!;
  }

  get(id: number): DocumentRecord | undefined {
    return this.db.prepare(`SELECT ${DOC_COLS} FROM documents WHERE id = ?`).get(id) as DocumentRecord | undefined;
  }

  byUid(uid: string): DocumentRecord | undefined {
    return this.db.prepare(`SELECT ${DOC_COLS} FROM documents WHERE uid = ?`).get(uid) as DocumentRecord | undefined;
  }

  inputFiles(documentId: number): string[] {
    return this.db
      .prepare('SELECT i.path FROM document_inputs di JOIN inputs i ON i.id = di.input_id WHERE di.document_id = ? ORDER BY di.seq')
      .pluck()
      .all(documentId) as string[];
  }

  inputsOf(documentId: number): InputRecord[] {
    return this.db
      .prepare(`SELECT ${INPUT_COLS} FROM inputs JOIN (SELECT input_id, seq FROM document_inputs WHERE document_id = ?) di ON di.input_id = inputs.id ORDER BY di.seq`)
      .all(documentId) as InputRecord[];
  }

  setStatus(id: number, status: 'pending' | 'skipped', reason: string | null, message: string | null): void {
    this.db
      .prepare(`UPDATE documents SET status = ?, reason = ?, message = ?, updated_at = ? WHERE id = ?`)
      .run(status, reason, message, new Date().toISOString(), id);
  }

  pending(stage?: Stage): DocumentRecord[] {
    const sql = `SELECT ${DOC_COLS} FROM documents WHERE status = 'pending'${stage ? ' AND stage = ?' : ''} ORDER BY id`;
    return this.db.prepare(sql).all(...(stage ? [stage] : [])) as DocumentRecord[];
  }

  advance(id: number, stage: Stage, update: StageUpdate = {}): void {
    this.db
      .prepare(
        `UPDATE documents SET stage = ?, page_count = coalesce(?, page_count), work_dir = coalesce(?, work_dir),
           pdf_sha256 = coalesce(?, pdf_sha256), updated_at = ? WHERE id = ?`,
      )
      .run(stage, update.pageCount ?? null, update.workDir ?? null, update.pdfSha256 ?? null, new Date().toISOString(), id);
  }

  reject(id: number, reason: string, message: string): void {
    this.db
      .prepare(`UPDATE documents SET status = 'rejected', reason = ?, message = ?, updated_at = ? WHERE id = ?`)
      .run(reason, message, new Date().toISOString(), id);
    this.db
      .prepare(
        `UPDATE inputs SET status = 'rejected', reason = coalesce(reason, ?), message = coalesce(message, ?)
         WHERE id IN (SELECT input_id FROM document_inputs WHERE document_id = ?)`,
      )
      .run(reason, message, id);
  }

  savePages(documentId: number, pages: PageRecord[]): void {
    this.db.prepare('DELETE FROM pages WHERE document_id = ?').run(documentId);
    this.db.prepare('DELETE FROM page_words WHERE document_id = ?').run(documentId);
    const word = this.db.prepare(
      `INSERT INTO page_words (document_id, page_no, word_no, line_no, text, confidence, x0, y0, x1, y1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const ins = this.db.prepare(
      `INSERT INTO pages (document_id, page_no, width, height, dpi, rotation, skew, blank, low_dpi, text, confidence, words_path)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // PostgreSQL: a page's words in one statement (arrays, unnest); one round trip per word
    // through the bridge would cost more than the rest of the page's catalog work together.
    const words = this.db.dialect === 'postgres' ? this.db.prepare(PG_PAGE_WORDS) : undefined;
    for (const p of pages) {
      ins.run(documentId, p.pageNo, p.width, p.height, p.dpi, p.rotation, p.skew, p.blank ? 1 : 0, p.lowDpi ? 1 : 0, withoutNul(p.text), p.confidence, p.wordsPath);
      if (!p.words?.length) continue;
      if (words) {
        const ws = p.words;
        words.run(documentId, p.pageNo, ws.map((_, i) => i), ws.map((w) => w.line), ws.map((w) => withoutNul(w.text)), ws.map((w) => w.confidence),
          ws.map((w) => w.bbox.x0), ws.map((w) => w.bbox.y0), ws.map((w) => w.bbox.x1), ws.map((w) => w.bbox.y1));
      } else {
        p.words.forEach((w, i) => word.run(documentId, p.pageNo, i, w.line, withoutNul(w.text), w.confidence, w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1));
      }
    }
  }

  pageWords(documentId: number, pageNo: number): OcrWord[] {
    const rows = this.db
      .prepare('SELECT line_no, text, confidence, x0, y0, x1, y1 FROM page_words WHERE document_id = ? AND page_no = ? ORDER BY word_no')
      .all(documentId, pageNo) as Array<{ line_no: number; text: string; confidence: number; x0: number; y0: number; x1: number; y1: number }>;
    return rows.map((r) => ({ text: r.text, confidence: r.confidence, line: r.line_no, bbox: { x0: r.x0, y0: r.y0, x1: r.x1, y1: r.y1 } }));
  }

  pages(documentId: number): PageRecord[] {
    const rows = this.db
      .prepare(
        `SELECT page_no AS "pageNo", width, height, dpi, rotation, skew, blank, low_dpi AS "lowDpi", text, confidence,
                words_path AS "wordsPath" FROM pages WHERE document_id = ? ORDER BY page_no`,
      )
      .all(documentId) as PageRow[];
    return rows.map((r) => ({ ...r, blank: r.blank === 1, lowDpi: r.lowDpi === 1 }));
  }

  all(): DocumentRecord[] {
    return this.db.prepare(`SELECT ${DOC_COLS} FROM documents ORDER BY id`).all() as DocumentRecord[];
  }

  inputs(): InputRecord[] {
    return this.db.prepare(`SELECT ${INPUT_COLS} FROM inputs ORDER BY id`).all() as InputRecord[];
  }
}
