import baseline from './0010-baseline.js';
import search from './search.js';

/**
 * Versioned PostgreSQL migrations, applied in order, each once. Version numbers follow the SQLite catalog's
 * (src/adapters/sqlite/migrations), so one number means the same tables on both engines: the baseline is
 * SQLite's version 10, with full-text search in PostgreSQL's own form (see 0010-baseline.ts and search.ts). Never edit a
 * migration that has shipped; add a new one.
 */
export const pgMigrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 10, name: 'baseline', sql: baseline + search },
];
