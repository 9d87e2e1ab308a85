import type pg from 'pg';
import pgpass from 'pgpass';
import type { ConnectionSettings } from './protocol.js';

/**
 * node-postgres settings for the catalog URL: the bridge's connection thread and a worker's
 * LISTEN connection use the same. Parts, not connectionString: node-postgres lets a URL without
 * a password override `password`.
 */
export function clientConfig(settings: ConnectionSettings): pg.ClientConfig {
  const u = new URL(settings.url);
  return {
    host: decodeURIComponent(u.hostname) || process.env.PGHOST || 'localhost',
    port: Number(u.port || process.env.PGPORT || 5432),
    user: decodeURIComponent(u.username) || process.env.PGUSER,
    database: decodeURIComponent(u.pathname.slice(1)) || process.env.PGDATABASE,
    ssl: ['require', 'verify-ca', 'verify-full'].includes(u.searchParams.get('sslmode') ?? '') ? { rejectUnauthorized: u.searchParams.get('sslmode') !== 'require' } : undefined,
    // passwordFile, then PGPASSWORD, then ~/.pgpass (PGPASSFILE), as libpq does after the URL.
    password: async () => settings.password ?? process.env.PGPASSWORD ?? (await fromPgpass(settings.url)) ?? '',
    application_name: settings.applicationName,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    query_timeout: settings.queryTimeoutMs,
  };
}

function fromPgpass(url: string): Promise<string | undefined> {
  const u = new URL(url);
  const info = { host: u.hostname || 'localhost', port: u.port || '5432', database: decodeURIComponent(u.pathname.slice(1)) || undefined, user: decodeURIComponent(u.username) || process.env.PGUSER };
  return new Promise((resolve) => pgpass(info, resolve));
}
