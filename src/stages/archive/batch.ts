import PQueue from 'p-queue';
import { toSohoaError, type SohoaError } from '../../errors.js';
import { archiveDocument, type ArchiveDeps, type ArchiveInput, type ArchiveResult } from './archive-document.js';

/** The I/O pool for uploads and reads: bounded, separate from the CPU pool. */
export function createIoQueue(concurrency: number): PQueue {
  return new PQueue({ concurrency: Math.max(1, concurrency) });
}

export interface ArchiveProgress {
  done: number;
  total: number;
  uid: string;
  status: ArchiveResult['status'] | 'failed';
  bytes: number;
}

export interface ArchiveFailure {
  uid: string;
  error: SohoaError;
}

export interface ArchiveBatchResult {
  results: ArchiveResult[];
  failures: ArchiveFailure[];
  uploaded: number;
  alreadyArchived: number;
  bytesUploaded: number;
}

/**
 * Archives many documents through one bounded queue. A failed document is reported and the
 * others go on; once the signal aborts, no new upload starts.
 */
export async function archiveDocuments(
  deps: ArchiveDeps,
  inputs: readonly ArchiveInput[],
  opts: { concurrency: number; onProgress?: (p: ArchiveProgress) => void; queue?: PQueue },
): Promise<ArchiveBatchResult> {
  const queue = opts.queue ?? createIoQueue(opts.concurrency);
  const out: ArchiveBatchResult = { results: [], failures: [], uploaded: 0, alreadyArchived: 0, bytesUploaded: 0 };
  let done = 0;
  await Promise.all(
    inputs.map((input) =>
      queue.add(async () => {
        if (deps.signal?.aborted) return;
        try {
          const r = await archiveDocument(deps, input);
          out.results.push(r);
          if (r.status === 'uploaded') {
            out.uploaded += 1;
            out.bytesUploaded += r.size;
          } else out.alreadyArchived += 1;
          opts.onProgress?.({ done: ++done, total: inputs.length, uid: input.uid, status: r.status, bytes: r.size });
        } catch (err) {
          out.failures.push({ uid: input.uid, error: toSohoaError(err) });
          opts.onProgress?.({ done: ++done, total: inputs.length, uid: input.uid, status: 'failed', bytes: 0 });
        }
      }),
    ),
  );
  return out;
}
