import type { Catalog } from '../../ports/catalog.js';
import { SqliteArchiveStore } from './archive.js';
import { SqliteClassificationStore } from './classifications.js';
import { SqliteDocumentStore } from './documents.js';
import { SqliteDossierStore } from './dossiers.js';
import { openDatabase, type Db } from './open.js';
import { SqliteReviewStore } from './review.js';
import { SqliteOverview } from './overview.js';
import { SqliteRunStore } from './runs.js';
import { SqliteSearchIndex } from './search.js';
import { SqliteUnitStore } from './units.js';

/** The SQLite catalog. Stages get the stores they need; `db` is for adapters in this folder only. */
export class SqliteCatalog implements Catalog {
  readonly units: SqliteUnitStore;
  readonly dossiers: SqliteDossierStore;
  readonly runs: SqliteRunStore;
  readonly documents: SqliteDocumentStore;
  readonly archive: SqliteArchiveStore;
  readonly classifications: SqliteClassificationStore;
  readonly review: SqliteReviewStore;
  readonly search: SqliteSearchIndex;
  readonly overview: SqliteOverview;

  constructor(readonly db: Db) {
    this.units = new SqliteUnitStore(db);
    this.dossiers = new SqliteDossierStore(db);
    this.runs = new SqliteRunStore(db);
    this.documents = new SqliteDocumentStore(db);
    this.archive = new SqliteArchiveStore(db);
    this.classifications = new SqliteClassificationStore(db);
    this.review = new SqliteReviewStore(db);
    this.search = new SqliteSearchIndex(db);
    this.overview = new SqliteOverview(db);
  }

  static open(workspace: string): SqliteCatalog {
    return new SqliteCatalog(openDatabase(workspace));
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
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
    return this.db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
