import type { DocumentStore } from '../../ports/document-store.js';

/** What releasing needs of a staged originals store (ObjectStoreOriginals). */
export interface StagedOriginals {
  staged(): AsyncIterable<string>;
  remove(sha256: string): Promise<void>;
}

/**
 * `originals.deleteAfterArchive`: removes the staged originals that only archived documents use.
 * An original stays while any document not yet archived (pending, rejected or skipped, any of
 * which may be retried) has an input with its SHA-256, and so does one whose input belongs to no
 * document. Reads the catalog through its ports only: every document, the inputs of those not
 * archived, and the input rows. Returns the SHA-256s removed.
 */
export async function releaseArchivedOriginals(
  docs: Pick<DocumentStore, 'all' | 'inputsOf' | 'inputs'>,
  originals: StagedOriginals,
): Promise<string[]> {
  const needed = new Set<string>();
  for (const d of docs.all()) {
    if (d.stage === 'archived') continue;
    for (const i of docs.inputsOf(d.id)) needed.add(i.sha256);
  }
  const done = new Set<string>();
  for (const i of docs.inputs()) {
    if (i.documentId === null) needed.add(i.sha256);
    else done.add(i.sha256);
  }
  const removed: string[] = [];
  for await (const sha of originals.staged()) {
    if (!done.has(sha) || needed.has(sha)) continue;
    await originals.remove(sha);
    removed.push(sha);
  }
  return removed;
}
