import type { IncompleteUpload, ObjectStore } from '../../ports/object-store.js';
import { toSohoaError } from '../../errors.js';

export interface CleanupResult {
  found: number;
  aborted: IncompleteUpload[];
  kept: IncompleteUpload[];
  failed: Array<IncompleteUpload & { message: string }>;
}

/**
 * Lists multipart uploads under the store's prefix that were never completed and aborts those
 * older than `olderThanHours` (younger ones may belong to a run still going), freeing their parts.
 */
export async function cleanupIncompleteUploads(
  store: ObjectStore,
  opts: { olderThanHours: number; dryRun?: boolean; now?: Date },
): Promise<CleanupResult> {
  const uploads = await store.listIncompleteUploads();
  const cutoff = (opts.now ?? new Date()).getTime() - opts.olderThanHours * 3_600_000;
  const res: CleanupResult = { found: uploads.length, aborted: [], kept: [], failed: [] };
  for (const u of uploads) {
    if (u.initiated && u.initiated.getTime() > cutoff) {
      res.kept.push(u);
      continue;
    }
    if (opts.dryRun) {
      res.aborted.push(u);
      continue;
    }
    try {
      await store.abortIncompleteUpload(u);
      res.aborted.push(u);
    } catch (err) {
      res.failed.push({ ...u, message: toSohoaError(err).message });
    }
  }
  return res;
}
