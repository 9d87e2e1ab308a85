import { LockError } from '../../../errors.js';
import type { SqlDb } from '../db.js';

/**
 * A PostgreSQL source still being worked on: a `sohoa worker` listening for work on it, or a
 * document leased there until later (a `run` or worker in the middle of it). What they commit
 * after the copy read a row would never reach the target (a second copy adds, it does not update),
 * so the province would redo that work or lose the record of it. Moving a catalog means stopping
 * its workers first; a dead worker's lease counts only until it expires.
 */
export function refuseBusySource(source: SqlDb, name: string): void {
  if (source.dialect !== 'postgres') return;
  const listening = source
    .prepare(
      `SELECT DISTINCT application_name FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'sohoa@% (listen)'
       ORDER BY 1`,
    )
    .pluck()
    .all() as string[];
  // Catalogs older than schema version 11 have no leases (both ends may be older than this sohoa).
  const hasLeases = source.prepare(`SELECT to_regclass('leases') IS NOT NULL`).pluck().get();
  const leased = hasLeases
    ? (source.prepare(`SELECT DISTINCT host, pid FROM leases WHERE expires_at > ? ORDER BY host, pid`).all(new Date().toISOString()) as Array<{ host: string; pid: number }>)
    : [];
  if (!listening.length && !leased.length) return;
  // host:pid, as `sohoa status` names workers: the same words in every language.
  const who = [...new Set([...listening.map((a) => a.replace(/^sohoa@/, '').replace(/ \(listen\)$/, '')), ...leased.map((l) => `${l.host}:${Number(l.pid)}`)])].join(', ');
  throw new LockError(`The source catalog ${name} is in use by sohoa on ${who}: what is written there after the copy would not reach the target`, {
    hint: "Stop the workers (systemctl stop 'sohoa-worker@*') and let running `sohoa run`s end, then copy. A dead worker's lease counts until it expires (catalog.leaseSeconds).",
    key: 'catalogCopy.sourceBusy',
    params: { source: name, who },
    hintKey: 'catalogCopy.sourceBusyHint',
  });
}
