import { sha256Hex } from '../../adapters/store/hash.js';
import type { ArchivedDocumentRecord } from '../../ports/archive-catalog.js';
import { keyFor, type ArchiveDeps, type ArchiveInput, type ArchiveResult } from './archive-document.js';
import { publicName, sidecarKeyFor } from './key.js';
import { readAll } from './read-all.js';
import { SIDECAR_SCHEMA, type Sidecar } from './sidecar.js';

/**
 * A worker that died between uploading a document and recording it leaves the PDF and its
 * sidecar in the bucket but not in the catalog. The worker that takes the document over on
 * another machine, without the first one's work files, signs it again; its PDF differs from the
 * one at the key, which is never overwritten. That stored PDF is adopted instead: when the
 * sidecar next to it describes it (SHA-256 and size) and names the same document and the same
 * sources, both objects are recorded as this document's archive and the new PDF is left unused.
 * Returns undefined when there is nothing to adopt (the usual case: the key is free).
 */
export async function adoptOrphan(deps: ArchiveDeps, input: ArchiveInput): Promise<ArchiveResult | undefined> {
  const { store } = deps;
  if (deps.catalog.archive.findDocument(store.url, input.uid)) return undefined;
  const key = keyFor(deps, input);
  const sidecarKey = sidecarKeyFor(key);
  const [pdf, side] = await Promise.all([store.head(key), store.head(sidecarKey)]);
  if (!pdf?.sha256 || !side) return undefined;
  const body = await store.get(sidecarKey);
  const bytes = body ? await readAll(body, 16 * 1024 * 1024) : undefined;
  let s: Partial<Sidecar>;
  try {
    s = JSON.parse(bytes?.toString('utf8') ?? '') as Partial<Sidecar>;
  } catch {
    return undefined;
  }
  const sameSources = JSON.stringify((s.sources ?? []).map((f) => f.sha256)) === JSON.stringify(input.sources.map((f) => f.sha256));
  const describes = s.schema === SIDECAR_SCHEMA && s.object?.sha256 === pdf.sha256 && s.object?.size === pdf.size && s.object?.key === key;
  if (!describes || !sameSources || s.document?.id !== publicName(input.documentId ?? input.uid)) return undefined;
  const retention = (h: typeof pdf) => ({ retentionMode: h.retention?.mode ?? null, retainUntil: h.retention?.retainUntil.toISOString() ?? null });
  const record: ArchivedDocumentRecord = {
    storeUrl: store.url,
    documentUid: input.uid,
    object: { key, sha256: pdf.sha256, size: pdf.size, verifiedBy: 'size-and-metadata', ...retention(pdf) },
    sidecar: { key: sidecarKey, sha256: sha256Hex(bytes!), size: bytes!.length, verifiedBy: 'read-back', ...retention(side) },
  };
  deps.catalog.archive.recordDocument(record);
  return { uid: input.uid, key, sidecarKey, sha256: pdf.sha256, size: pdf.size, status: 'already-archived', verifiedBy: 'size-and-metadata', multipart: false };
}
