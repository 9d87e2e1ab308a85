import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, UsageError } from '../errors.js';
import type { SqlCatalog } from './sql/catalog.js';
import { openSqliteCatalogFile } from './sqlite/catalog.js';
import { CATALOG_FILE } from './sqlite/open.js';
import { openPostgresCatalog, type PostgresOptions } from './postgres/catalog.js';

/** Where the catalog is: `catalog.url` (SOHOA_CATALOG_URL), or the workspace's own SQLite file. */
export type CatalogLocation = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export function catalogLocation(url: string | undefined, workspace: string): CatalogLocation {
  if (!url) return { engine: 'sqlite', file: path.join(workspace, CATALOG_FILE) };
  const p = parseCatalogUrl(url, 'catalog.url');
  return p.kind === 'sqlite' ? { engine: 'sqlite', file: p.where } : { engine: 'postgres', url: p.where };
}

export interface ParsedCatalogUrl {
  kind: 'sqlite' | 'postgres';
  /** The SQLite file, or the PostgreSQL URL. */
  where: string;
}

/** `sqlite:PATH` (a catalog file, or a workspace folder holding catalog.sqlite, made if new) or `postgres://user@host:port/db`. */
export function parseCatalogUrl(url: string, flag: string): ParsedCatalogUrl {
  if (url.startsWith('sqlite:')) {
    const p = path.resolve(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''));
    // A folder (or a new path without a file extension) is a workspace; its catalog is catalog.sqlite.
    const folder = existsSync(p) ? statSync(p).isDirectory() : path.extname(p) === '';
    const file = folder ? path.join(p, CATALOG_FILE) : p;
    return { kind: 'sqlite', where: file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new UsageError(`Expected a catalog URL for ${flag}, got "${url.replace(/:[^:@/]*@/, ':***@')}"`, { key: 'catalogCopy.badUrl', params: { flag, url: '' } });
    }
    if (u.password) {
      throw new ConfigError(`The catalog URL of ${flag} carries a password; a password never goes in a URL, a flag or the config file`, {
        hint: 'Remove it from the URL and set PGPASSWORD, a ~/.pgpass line, or catalog.passwordFile in the config.',
        key: 'catalogCopy.passwordInUrl',
        params: { flag },
        hintKey: 'catalogCopy.passwordHint',
      });
    }
    return { kind: 'postgres', where: url };
  }
  throw new UsageError(`Expected sqlite:PATH or postgres://… for ${flag}, got "${url}"`, { key: 'catalogCopy.badUrl', params: { flag, url } });
}


export function openCatalog(loc: CatalogLocation, opts: PostgresOptions = {}): SqlCatalog {
  if (loc.engine === 'postgres') return openPostgresCatalog(loc.url, opts);
  return openSqliteCatalogFile(loc.file);
}
