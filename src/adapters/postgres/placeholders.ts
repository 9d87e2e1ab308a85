/**
 * The stores write SQLite's placeholders: `?` in order, or `@name` bound from one object.
 * PostgreSQL wants `$1, $2, …`. Quoted strings, quoted identifiers and comments are left alone.
 */
export interface Numbered {
  text: string;
  /** For `@name` statements: the parameter names in $-order. */
  names: string[] | null;
}

const cache = new Map<string, Numbered>();

export function numberPlaceholders(sql: string): Numbered {
  const hit = cache.get(sql);
  if (hit) return hit;
  let out = '';
  let n = 0;
  const names: string[] = [];
  const byName = new Map<string, number>();
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end + 1);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `$${++n}`;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      let pos = byName.get(name);
      if (pos === undefined) {
        names.push(name);
        pos = names.length;
        byName.set(name, pos);
      }
      out += `$${pos}`;
      i += name.length;
    } else {
      out += c;
    }
  }
  if (n > 0 && names.length > 0) throw new Error(`SQL mixes ? and @name placeholders: ${sql.slice(0, 80)}`);
  const done = { text: out, names: names.length ? names : null };
  if (cache.size < 2000) cache.set(sql, done);
  return done;
}

/** The end of a quoted run starting at `start`; a doubled quote is part of it. */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i;
    } else i++;
  }
  return sql.length - 1;
}

/** Parameters in $-order: positional as given, named picked from the one object. */
export function orderParams(numbered: Numbered, params: unknown[]): unknown[] {
  const values = numbered.names ? numbered.names.map((k) => (params[0] as Record<string, unknown>)[k]) : params;
  // better-sqlite3 binds booleans as errors and undefined as errors; PostgreSQL columns here are
  // INTEGER flags, so a boolean becomes 0/1 the same way the SQLite stores write them.
  // PostgreSQL text cannot hold NUL (a broken PDF font can put one in OCR or text-layer text); the
  // SQLite stores drop it too (src/adapters/sql/documents.ts), so both engines keep the same text.
  return values.map((v) =>
    typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : typeof v === 'string' && v.includes('\0') ? v.replaceAll('\0', '') : v,
  );
}
