/**
 * The SQL connection the catalog stores are written against: the part of better-sqlite3's API
 * they use. SQLite provides it natively; PostgreSQL through a synchronous bridge
 * (src/adapters/postgres/db.ts), so the catalog ports stay synchronous on both engines.
 * Placeholders are `?`; the PostgreSQL side numbers them.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface RunResult {
  changes: number;
}

export interface SqlStatement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows become their first column's value. */
  pluck(on?: boolean): SqlStatement;
}

export interface SqlDb {
  readonly dialect: Dialect;
  prepare(sql: string): SqlStatement;
  /** Runs one or more statements without parameters. */
  exec(sql: string): void;
  /** Runs fn in one transaction; nested calls join the outer one. */
  transaction<T>(fn: () => T): T;
  readonly inTransaction: boolean;
  readonly open: boolean;
  close(): void;
}

/** Picks the SQL for this engine where the two differ. */
export function bySql<T>(db: SqlDb, sqlite: T, postgres: T): T {
  return db.dialect === 'sqlite' ? sqlite : postgres;
}

/**
 * An ORDER BY term that sorts text byte-wise on both engines. SQLite's BINARY does; a PostgreSQL
 * database created with a language's collation (vi_VN, en_US, ICU) would put "a.pdf" before
 * "B.pdf" and ignore punctuation, so lists came out in another order than on SQLite.
 */
export function byteOrder(db: SqlDb, expr: string): string {
  return db.dialect === 'sqlite' ? expr : `${expr} COLLATE "C"`;
}
