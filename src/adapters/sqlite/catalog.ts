import path from 'node:path';
import { SqlCatalog } from '../sql/catalog.js';
import { CATALOG_FILE, openDatabase, SqliteDb } from './open.js';
import { SqliteSearchIndex } from './search.js';

/** The embedded catalog of one workspace: `<workspace>/catalog.sqlite`. */
export function openSqliteCatalog(workspace: string): SqlCatalog {
  const raw = openDatabase(workspace);
  return new SqlCatalog(new SqliteDb(raw), new SqliteSearchIndex(raw), path.join(workspace, CATALOG_FILE));
}
