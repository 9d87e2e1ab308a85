import path from 'node:path';
import { SqlCatalog } from '../sql/catalog.js';
import { CATALOG_FILE, openDatabaseFile, SqliteDb } from './open.js';
import { SqliteSearchIndex } from './search.js';

/** The embedded catalog of one workspace: `<workspace>/catalog.sqlite`. */
export function openSqliteCatalog(workspace: string): SqlCatalog {
  return openSqliteCatalogFile(path.join(workspace, CATALOG_FILE));
}

/** An embedded catalog at any path (`catalog.url: sqlite:PATH`). */
export function openSqliteCatalogFile(file: string): SqlCatalog {
  const raw = openDatabaseFile(file);
  return new SqlCatalog(new SqliteDb(raw), new SqliteSearchIndex(raw), file);
}
