import { ConfigError } from '../../../errors.js';
import type { SqlDb } from '../db.js';

/** A row as both engines return it: column name → value. */
export type Row = Record<string, unknown>;

/** Rows per multi-row INSERT: well under SQLite's 32766 and PostgreSQL's 65535 parameters. */
const PARAMS_PER_STATEMENT = 8000;

export const q = (name: string) => `"${name}"`;
export const placeholders = (n: number) => `(${new Array(n).fill('?').join(', ')})`;

/** The columns of a table, in order, as the engine describes them. */
export function columnsOf(db: SqlDb, table: string): string[] {
  const sql =
    db.dialect === 'sqlite'
      ? 'SELECT name FROM pragma_table_info(?) ORDER BY cid'
      : 'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position';
  return db.prepare(sql).pluck().all(table) as string[];
}

/**
 * The columns to copy from `source` to `target`: the source's, less `omit` (own ids, engine-only
 * columns). A source column the target lacks means the schemas differ: stop rather than drop data.
 */
export function copyColumns(source: SqlDb, target: SqlDb, table: string, omit: readonly string[] = []): string[] {
  const have = new Set(columnsOf(target, table));
  const cols = columnsOf(source, table).filter((c) => !omit.includes(c));
  const missing = cols.filter((c) => !have.has(c));
  if (missing.length || !have.size) {
    throw new ConfigError(`The target catalog's table ${table} lacks ${missing.join(', ') || 'everything'}: the two schemas differ`, {
      hint: 'Migrate both catalogs to the same sohoa version (sohoa catalog migrate), then copy again.',
    });
  }
  return cols;
}

/** INSERTs rows (already in `cols` order) in as few statements as the parameter limits allow; returns `returning` rows. */
export function insertMany(db: SqlDb, table: string, cols: readonly string[], rows: ReadonlyArray<readonly unknown[]>, returning?: string): Row[] {
  const out: Row[] = [];
  if (!rows.length) return out;
  const per = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / cols.length));
  const head = `INSERT INTO ${q(table)} (${cols.map(q).join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const sql = head + chunk.map(() => placeholders(cols.length)).join(', ') + (returning ? ` RETURNING ${returning}` : '');
    const params = chunk.flat();
    if (returning) out.push(...(db.prepare(sql).all(...params) as Row[]));
    else db.prepare(sql).run(...params);
  }
  return out;
}

/** `SELECT what FROM table WHERE column IN (values)`, in chunks. */
export function selectIn(db: SqlDb, what: string, table: string, column: string, values: readonly unknown[], extra = '', extraParams: unknown[] = []): Row[] {
  const out: Row[] = [];
  const per = 1000;
  for (let i = 0; i < values.length; i += per) {
    const chunk = values.slice(i, i + per);
    const sql = `SELECT ${what} FROM ${q(table)} WHERE ${extra ? `${extra} AND ` : ''}${q(column)} IN ${placeholders(chunk.length)}`;
    out.push(...(db.prepare(sql).all(...extraParams, ...chunk) as Row[]));
  }
  return out;
}

/** A composite natural key as one Map key. */
export const keyOf = (...parts: unknown[]) => JSON.stringify(parts);

/** Source ids → target ids of one table, filled as rows are found or copied. */
export class IdMap {
  private readonly map = new Map<number, number>();
  set(from: unknown, to: unknown): void {
    this.map.set(Number(from), Number(to));
  }
  get(from: unknown): number | null {
    if (from === null || from === undefined) return null;
    return this.map.get(Number(from)) ?? null;
  }
  has(from: unknown): boolean {
    return this.map.has(Number(from));
  }
}
