import { digestStream } from '../../adapters/store/hash.js';
import { stagedShaOf } from '../../adapters/originals/object-store-originals.js';
import type { FixityFinding } from '../../ports/archive-catalog.js';
import type { DocumentStore } from '../../ports/document-store.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { detail } from './detail.js';

/**
 * Staged originals (`<stagingPrefix>sha256/ab/<sha256>`) are the record's evidence, not archived
 * objects: one the catalog has an input for is expected, and its bytes must still hash to its
 * name. Returns undefined for a key that is not a known staged original (it is then unexpected).
 */
export function knownStagedOriginals(
  documents: Pick<DocumentStore, 'inputs'> | undefined,
  stagingPrefix: string | undefined,
): ((key: string) => string | undefined) | undefined {
  if (!documents || stagingPrefix === undefined) return undefined;
  let shas: Set<string> | undefined;
  return (key) => {
    const sha = stagedShaOf(key, stagingPrefix);
    if (!sha) return undefined;
    // Read once, and only when the store holds staged originals at all.
    shas ??= new Set(documents.inputs().map((i) => i.sha256));
    return shas.has(sha) ? sha : undefined;
  };
}

/** Re-reads a staged original: its content and its recorded SHA-256 must both be its name. */
export async function checkStagedOriginal(store: ObjectStore, key: string, sha256: string): Promise<FixityFinding | undefined> {
  const base = { key, expectedSha256: sha256 };
  const body = await store.get(key);
  if (!body) return { ...base, status: 'missing', ...detail('fixity.detail.stagedMissing') };
  const d = await digestStream(body);
  if (d.sha256 !== sha256) return { ...base, status: 'corrupt', actualSha256: d.sha256, ...detail('fixity.detail.stagedAltered', { size: d.size }) };
  const head = await store.head(key);
  if (head?.sha256 && head.sha256 !== sha256) return { ...base, status: 'corrupt', actualSha256: d.sha256, ...detail('fixity.detail.stagedRecordedSha', { sha256: head.sha256 }) };
  return undefined;
}
