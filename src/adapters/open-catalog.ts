import path from 'node:path';
import type { SqlCatalog } from './sql/catalog.js';
import { openSqliteCatalogFile } from './sqlite/catalog.js';
import { CATALOG_FILE } from './sqlite/open.js';
import { openPostgresCatalog, type PostgresOptions } from './postgres/catalog.js';

/** Where the catalog is: `catalog.url` (SOHOA_CATALOG_URL), or the workspace's own SQLite file. */
export type CatalogLocation = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export function catalogLocation(url: string | undefined, workspace: string): CatalogLocation {
  if (!url) return { engine: 'sqlite', file: path.join(workspace, CATALOG_FILE) };
  if (url.startsWith('sqlite:')) return { engine: 'sqlite', file: path.resolve(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')) };
  return { engine: 'postgres', url };
}

export function openCatalog(loc: CatalogLocation, opts: PostgresOptions = {}): SqlCatalog {
  if (loc.engine === 'postgres') return openPostgresCatalog(loc.url, opts);
  return openSqliteCatalogFile(loc.file);
}
