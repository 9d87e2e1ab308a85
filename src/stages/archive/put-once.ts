import { StorageError } from '../../errors.js';
import { digestStream } from '../../adapters/store/hash.js';
import {
  ObjectExistsError,
  type ObjectHead,
  type ObjectStore,
  type PutOptions,
  type PutSource,
  type VerifiedBy,
} from '../../ports/object-store.js';

export interface PutOutcome {
  status: 'uploaded' | 'already-archived';
  key: string;
  sha256: string;
  size: number;
  verifiedBy: VerifiedBy;
  multipart: boolean;
}

/** Decides whether a different object already at the key is acceptable (e.g. an older sidecar of the same PDF). */
export type AcceptExisting = (existing: ObjectHead) => Promise<{ sha256: string; size: number } | undefined>;

/**
 * Uploads unless the key is taken. The same bytes already there count as archived (a re-run
 * after a crash); anything else at the key is a conflict and is never overwritten.
 */
export async function putOnce(
  store: ObjectStore,
  key: string,
  source: PutSource,
  opts: PutOptions,
  accept?: AcceptExisting,
  /** The caller listed the key's folder just before and did not see it: skip the look. */
  knownAbsent = false,
): Promise<PutOutcome> {
  const before = knownAbsent ? undefined : await store.head(key);
  if (before) return settle(store, key, before, source, accept);
  try {
    const r = await store.put(key, source, { ...opts, knownAbsent: true });
    return { status: 'uploaded', ...r };
  } catch (err) {
    if (!(err instanceof ObjectExistsError)) throw err;
    const now = await store.head(key);
    if (!now) throw new StorageError(`The store reported an object at ${store.url}${key}, but it is not there`, { hint: 'Run again.' });
    return settle(store, key, now, source, accept);
  }
}

async function settle(store: ObjectStore, key: string, h: ObjectHead, source: PutSource, accept?: AcceptExisting): Promise<PutOutcome> {
  const base = { status: 'already-archived' as const, key, multipart: false };
  if (h.size === source.size && h.sha256 === source.sha256) {
    return { ...base, sha256: source.sha256, size: source.size, verifiedBy: 'size-and-metadata' };
  }
  if (h.size === source.size && !h.sha256) {
    // Written by another tool, or a crash between object and metadata: compare the bytes.
    const body = await store.get(key);
    const d = body ? await digestStream(body) : undefined;
    if (d?.sha256 === source.sha256) return { ...base, sha256: source.sha256, size: source.size, verifiedBy: 'read-back' };
  }
  const accepted = accept ? await accept(h) : undefined;
  if (accepted) return { ...base, ...accepted, verifiedBy: 'read-back' };
  throw new StorageError(
    `Expected ${store.url}${store.url.endsWith('/') ? '' : '/'}${key} to be absent or to hold SHA-256 ${source.sha256} (${source.size} bytes), found ${h.sha256 ?? 'an unknown SHA-256'} (${h.size} bytes); not overwriting it`,
    {
      hint: 'Another record already uses this key (check archiveKeyTemplate), or the archived object was altered (run `sohoa fixity`).',
      key: 'archive.err.conflict',
      params: { object: `${store.url}${store.url.endsWith('/') ? '' : '/'}${key}`, sha256: source.sha256, size: source.size, found: h.sha256 ?? 'an unknown SHA-256', foundSize: h.size },
      hintKey: 'archive.err.conflictHint',
      file: source.file,
    },
  );
}
