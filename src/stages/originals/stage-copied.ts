import type { DocumentStore } from '../../ports/document-store.js';
import { OriginalUnavailable, type OriginalsStore } from '../../ports/originals.js';

export interface StagedCopy {
  /** Originals uploaded now. */
  staged: number;
  /** Already in the staging area (a second copy, or bytes another desk staged). */
  already: number;
  /** Unfinished documents' originals the office's workspace no longer holds intact: named, never guessed. */
  unavailable: Array<{ sha256: string; path: string; reason: string }>;
}

/**
 * After `catalog copy` into a shared catalog: the office's unfinished documents still have their
 * originals only in the office's workspace, where no worker elsewhere can read them. Each one is
 * re-hashed there and staged (`originals.store: object-store`), so any worker can finish it.
 */
export async function stageUnfinishedOriginals(source: DocumentStore, from: OriginalsStore, to: OriginalsStore): Promise<StagedCopy> {
  const out: StagedCopy = { staged: 0, already: 0, unavailable: [] };
  const seen = new Set<string>();
  for (const doc of source.all()) {
    if (doc.stage === 'archived') continue;
    for (const input of source.inputsOf(doc.id)) {
      if (seen.has(input.sha256)) continue;
      seen.add(input.sha256);
      if (await to.has(input.sha256)) {
        out.already++;
        continue;
      }
      let local: string;
      try {
        local = await from.localCopy(input.sha256);
      } catch (err) {
        if (!(err instanceof OriginalUnavailable)) throw err;
        out.unavailable.push({ sha256: input.sha256, path: input.path, reason: err.message });
        continue;
      }
      const put = await to.put(local, input.sha256);
      if (put.sha256 !== input.sha256) out.unavailable.push({ sha256: input.sha256, path: input.path, reason: `changed while staging (now ${put.sha256})` });
      else out.staged++;
    }
  }
  return out;
}
