/** Messages between the catalog (main thread) and its PostgreSQL connection (worker thread). */

export interface ConnectionSettings {
  /** postgres:// URL without a password. */
  url: string;
  /** From catalog.passwordFile; else node-postgres reads PGPASSWORD or ~/.pgpass itself. */
  password?: string;
  applicationName: string;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}

export type Request =
  | { op: 'query'; sql: string; params: unknown[]; rowMode: 'object' | 'array' }
  | { op: 'exec'; sql: string }
  | { op: 'close' };

export interface QueryResult {
  rows: unknown[];
  rowCount: number;
}

export interface FailureInfo {
  message: string;
  /** SQLSTATE, or a Node error code such as ECONNREFUSED. */
  code?: string;
  /** The connection is gone (refused, reset, server shut down): the catalog is unavailable. */
  connection: boolean;
}

/** `seq` echoes the request's, so a reply that came after its caller gave up is never taken for the next one's. */
export type Reply = ({ ok: true; result: QueryResult } | { ok: false; error: FailureInfo }) & { seq?: number };

/** Connection-level failures: the server is away, not the statement wrong. */
export function isConnectionFailure(code: string | undefined, message: string): boolean {
  if (code && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN|57P0[123]|08\w{3}|53300)$/.test(code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable|terminating connection/i.test(message);
}
