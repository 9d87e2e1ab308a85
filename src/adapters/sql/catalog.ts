import type { Catalog } from '../../ports/catalog.js';
import type { SearchIndex } from '../../ports/search-index.js';
import { SqlArchiveStore } from './archive.js';
import { SqlClassificationStore } from './classifications.js';
import type { SqlDb } from './db.js';
import { SqlDocumentStore } from './documents.js';
import { SqlDossierStore } from './dossiers.js';
import { SqlOverview } from './overview.js';
import { SqlReviewStore } from './review.js';
import { SqlRunStore } from './runs.js';
import { SqlUnitStore } from './units.js';
import { SqlWorkQueue } from './work-queue.js';

/**
 * The catalog on SQL: the same stores on SQLite (one machine) and PostgreSQL (a province).
 * Stages get the stores they need; `db` is for adapters and pipeline queries that span stores.
 * `location` names the catalog for messages (a file, or a URL without its password).
 */
export class SqlCatalog implements Catalog {
  readonly units: SqlUnitStore;
  readonly dossiers: SqlDossierStore;
  readonly runs: SqlRunStore;
  readonly documents: SqlDocumentStore;
  readonly archive: SqlArchiveStore;
  readonly classifications: SqlClassificationStore;
  readonly review: SqlReviewStore;
  readonly overview: SqlOverview;
  /** Leases for workers sharing the catalog (src/ports/work-queue.ts). */
  readonly work: SqlWorkQueue;

  constructor(
    readonly db: SqlDb,
    readonly search: SearchIndex,
    readonly location: string,
  ) {
    this.units = new SqlUnitStore(db);
    this.dossiers = new SqlDossierStore(db);
    this.runs = new SqlRunStore(db);
    this.documents = new SqlDocumentStore(db);
    this.archive = new SqlArchiveStore(db);
    this.classifications = new SqlClassificationStore(db);
    this.review = new SqlReviewStore(db);
    this.overview = new SqlOverview(db);
    this.work = new SqlWorkQueue(db, this.documents);
  }

  /** True when other machines share this catalog (workers claim documents with leases). */
  get shared(): boolean {
    return this.db.dialect === 'postgres';
  }

  /**
   * Runs fn unless another process of the province is running the same `name` now (then
   * returns undefined at once). PostgreSQL: a session advisory lock, released when fn ends or the
   * process dies. SQLite: the workspace lock of `run` already makes the caller the only one.
   */
  async exclusive<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.db.dialect !== 'postgres') return fn();
    const key = lockKey(name);
    if (!this.db.prepare('SELECT pg_try_advisory_lock(?)').pluck().get(key)) return undefined;
    try {
      return await fn();
    } finally {
      try {
        this.db.prepare('SELECT pg_advisory_unlock(?)').get(key);
      } catch {
        // The connection is gone, and the session's lock with it.
      }
    }
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  begin(): void {
    this.db.exec('BEGIN');
  }

  commit(): void {
    this.db.exec('COMMIT');
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  schemaVersion(): number {
    return Number(this.db.prepare('SELECT max(version) FROM schema_migrations').pluck().get());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** A stable 31-bit advisory lock key for a name (FNV-1a), the same on every machine. */
function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(`sohoa:${name}`)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return h & 0x7fffffff;
}
