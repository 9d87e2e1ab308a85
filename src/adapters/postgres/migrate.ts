import { ConfigError } from '../../errors.js';
import type { SqlDb } from '../sql/db.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Any constant both `catalog migrate` runs agree on: the advisory lock that serialises them. */
const MIGRATE_LOCK = 0x50_48_4f_41; // "SOHOA"-ish; one lock per database

export interface SchemaState {
  /** Newest applied version; 0 on an empty database. */
  current: number;
  /** Newest version this sohoa knows. */
  known: number;
}

export function schemaState(db: SqlDb, migrations: ReadonlyArray<Migration>): SchemaState {
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const exists = db.prepare(`SELECT to_regclass('schema_migrations') IS NOT NULL`).pluck().get();
  const current = exists ? Number(db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get()) : 0;
  return { current, known };
}

/**
 * A shared catalog is migrated on purpose, by `sohoa catalog migrate`, never as a side effect of
 * another command: workers on other machines may still run the older code. Commands refuse a
 * schema that is not exactly theirs (exit 3, naming both versions).
 */
export function requireSchema(db: SqlDb, migrations: ReadonlyArray<Migration>, location: string): SchemaState {
  const state = schemaState(db, migrations);
  if (state.current === state.known) return state;
  if (state.current > state.known) throw newerSchema(location, state.current, state.known);
  const params = { location, current: state.current, known: state.known };
  throw new ConfigError(
    state.current === 0
      ? `The catalog ${location} has no sohoa schema yet (this sohoa needs version ${state.known})`
      : `The catalog ${location} has schema version ${state.current}; this sohoa needs version ${state.known}`,
    {
      hint: 'Run `sohoa catalog migrate` once (it is safe to run again), then start the workers.',
      key: state.current === 0 ? 'catalog.schemaEmpty' : 'catalog.schemaOlder',
      params,
      hintKey: 'catalog.migrateHint',
    },
  );
}

/** A schema from a newer sohoa: this machine must be upgraded, never the schema rolled back. */
function newerSchema(location: string, current: number, known: number): ConfigError {
  return new ConfigError(`The catalog ${location} has schema version ${current}, newer than this sohoa knows (${known})`, {
    hint: 'Upgrade sohoa on this machine to the version the other machines run.',
    key: 'catalog.schemaNewer',
    params: { location, current, known },
    hintKey: 'catalog.schemaNewerHint',
  });
}

export interface MigrateResult {
  from: number;
  to: number;
  applied: Array<{ version: number; name: string }>;
}

/**
 * Applies the missing migrations in one transaction under an advisory lock, so two machines
 * running it at once do it once. Idempotent: a second run applies nothing.
 */
export function migrate(db: SqlDb, migrations: ReadonlyArray<Migration>, location: string): MigrateResult {
  return db.transaction(() => {
    db.prepare('SELECT pg_advisory_xact_lock(?)').get(MIGRATE_LOCK);
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const { current, known } = schemaState(db, migrations);
    if (current > known) throw newerSchema(location, current, known);
    const applied: MigrateResult['applied'] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      applied.push({ version: m.version, name: m.name });
    }
    return { from: current, to: Math.max(current, known), applied };
  });
}
