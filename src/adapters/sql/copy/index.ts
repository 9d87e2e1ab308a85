import { ConfigError } from '../../../errors.js';
import type { SqlDb } from '../db.js';
import { copyArchivedObjects, copyAudits } from './archive.js';
import { CopyRun, type CopiedTable, type CopyOptions, type TableCount } from './context.js';
import { copyDocuments, copyLooseInputs } from './documents.js';
import { copyDossiers, copyRuns, copyUnits } from './registry.js';
import { refuseBusySource } from './source-busy.js';

export { COPIED_TABLES, type CopiedTable, type CopyOptions, type TableCount } from './context.js';

export interface CopyResult {
  schemaVersion: number;
  tables: Record<CopiedTable, TableCount>;
  /** Transactions committed in the target. */
  batches: number;
  /** Documents indexed for search in the target; null when the target's search must be rebuilt. */
  searchIndexed: number | null;
  /** Source documents neither archived nor rejected: their originals and work folders stay on the source machine. */
  unfinished: number;
}

/** The advisory lock copies into one PostgreSQL catalog take (`catalog migrate` uses another). */
const COPY_LOCK = 0x53_4f_43_50; // "SOCP"

/** The newest migration applied; 0 for a database sohoa never migrated. */
export function schemaVersionOf(db: SqlDb): number {
  try {
    return Number(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Copies one catalog into another (an office's SQLite catalog into the province's PostgreSQL one),
 * on the SqlDb facade at both ends. Ids differ between catalogs, so rows are matched on their
 * natural keys and references go through those: running it again adds nothing, and a copy
 * stopped halfway leaves whole batches that the next run skips.
 */
export function copyCatalog(source: SqlDb, target: SqlDb, options: CopyOptions = {}, names = { source: 'source', target: 'target' }): CopyResult {
  const from = schemaVersionOf(source);
  const to = schemaVersionOf(target);
  if (from !== to) {
    throw new ConfigError(`The ${names.source} catalog has schema version ${from} and the ${names.target} catalog ${to}: a copy needs the same version`, {
      hint: to < from ? `Run \`sohoa catalog migrate\` on ${names.target} first.` : `Upgrade sohoa, and run it once on ${names.source} to migrate it.`,
      key: 'catalogCopy.versions',
      params: { source: names.source, target: names.target, from, to },
      hintKey: to < from ? 'catalogCopy.migrateTarget' : 'catalogCopy.migrateSource',
      hintParams: { source: names.source, target: names.target },
    });
  }
  refuseBusySource(source, names.source);
  // A PostgreSQL source is read in one snapshot: a decision or an import made there meanwhile is
  // either wholly in the copy or not at all, never a document without its pages.
  const snapshot = source.dialect === 'postgres';
  if (snapshot) source.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    return copyAll(source, target, options, from);
  } finally {
    try {
      if (snapshot && source.open) source.exec('ROLLBACK');
    } catch {
      // The connection is gone, and the snapshot with it.
    }
  }
}

/** The tables in order, parents first, one copy into a shared catalog at a time. */
function copyAll(source: SqlDb, target: SqlDb, options: CopyOptions, from: number): CopyResult {
  const run = new CopyRun(source, target, options);
  // Two offices joining at once would both insert the province's shared units: one copy at a time.
  // A session lock, so a copy that is killed releases it with its connection.
  const shared = target.dialect === 'postgres';
  if (shared) target.prepare('SELECT pg_advisory_lock(?)').get(COPY_LOCK);
  try {
    copyUnits(run);
    copyDossiers(run);
    copyRuns(run);
    copyAudits(run);
    copyDocuments(run);
    copyLooseInputs(run);
    copyArchivedObjects(run);
  } finally {
    try {
      if (shared && target.open) target.prepare('SELECT pg_advisory_unlock(?)').get(COPY_LOCK);
    } catch {
      // The connection is gone, and its lock with it; the copy's own error is the one to report.
    }
  }
  const unfinished = Number(source.prepare(`SELECT count(*) FROM documents WHERE stage <> 'archived' AND status <> 'rejected'`).pluck().get());
  return { schemaVersion: from, tables: run.counts, batches: run.batches, searchIndexed: options.targetSearch ? run.indexed : null, unfinished };
}
