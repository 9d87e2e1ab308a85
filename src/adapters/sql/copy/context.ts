import type { SearchIndex } from '../../../ports/search-index.js';
import type { SqlDb } from '../db.js';
import { IdMap } from './rows.js';

/** The tables a copy moves, in the order it moves them (parents before the rows that point at them). */
export const COPIED_TABLES = [
  'units',
  'unit_map',
  'dossiers',
  'runs',
  'fixity_audits',
  'fixity_findings',
  'documents',
  'inputs',
  'document_inputs',
  'pages',
  'page_words',
  'document_events',
  'classification_reviews',
  'archived_objects',
] as const;
export type CopiedTable = (typeof COPIED_TABLES)[number];

/** Per table: rows written to the target, rows it had already, and rows it had that the copy completed. */
export interface TableCount {
  copied: number;
  existing: number;
  updated: number;
}

export interface CopyOptions {
  /** Documents per transaction (default 100); the register, inputs and archive records go 10 times as many at once. */
  batchSize?: number;
  /** The target's search index: copied documents are indexed in the same transaction. Absent: rebuild it afterwards. */
  targetSearch?: SearchIndex;
  /**
   * Called inside each batch's transaction, after its rows are written and before the commit:
   * progress, and fault injection in tests (a throw rolls the batch back and stops the copy).
   */
  onBatch?: (step: CopiedTable, batch: number) => void;
}

/** What every step shares: both catalogs, the id maps made so far and the counts. */
export class CopyRun {
  readonly counts = Object.fromEntries(COPIED_TABLES.map((t) => [t, { copied: 0, existing: 0, updated: 0 }])) as Record<CopiedTable, TableCount>;
  readonly units = new IdMap();
  readonly documents = new IdMap();
  readonly inputs = new IdMap();
  readonly audits = new IdMap();
  readonly batchSize: number;
  batches = 0;
  indexed = 0;

  constructor(
    readonly source: SqlDb,
    readonly target: SqlDb,
    readonly options: CopyOptions,
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 100);
  }

  /** One unit of work: all of it is in the target after the commit, or none of it. */
  batch(step: CopiedTable, fn: () => void): void {
    this.target.transaction(() => {
      fn();
      this.options.onBatch?.(step, this.batches + 1);
    });
    this.batches++;
  }

  /** Source rows of `table` in key order, `size` at a time (keyset paging: no OFFSET rescans). */
  *pages<T extends Record<string, unknown>>(table: string, key: string, size: number, where = ''): Generator<T[]> {
    let after: unknown = null;
    for (;;) {
      const cond = [where, after === null ? '' : `"${key}" > ?`].filter(Boolean).join(' AND ');
      const sql = `SELECT * FROM "${table}"${cond ? ` WHERE ${cond}` : ''} ORDER BY "${key}" LIMIT ?`;
      const rows = this.source.prepare(sql).all(...(after === null ? [] : [after]), size) as T[];
      if (!rows.length) return;
      yield rows;
      after = rows[rows.length - 1]![key];
      if (rows.length < size) return;
    }
  }
}
