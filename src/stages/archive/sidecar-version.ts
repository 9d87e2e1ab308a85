import { digestBytes } from '../../adapters/store/hash.js';
import { StorageError } from '../../errors.js';
import type { ArchiveStore } from '../../ports/archive-catalog.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { OutdatedSidecar } from '../../ports/review-catalog.js';
import { sidecarKeyFor } from './key.js';
import { putOnce } from './put-once.js';
import { readAll } from './read-all.js';
import { SIDECAR_SCHEMA, serializeSidecar, type Sidecar } from './sidecar.js';

/** `a/b/doc.pdf` → `a/b/doc.v2.json`; version 1 is the plain `doc.json`. */
export function versionedSidecarKey(pdfKey: string, version: number): string {
  const first = sidecarKeyFor(pdfKey);
  return version <= 1 ? first : `${first.slice(0, -'.json'.length)}.v${version}.json`;
}

/** What a sidecar written after review adds to the archived one. */
export interface RevisedSidecar extends Sidecar {
  sidecarVersion: number;
  supersedes: string;
  review: { action: string; decidedAt: string; machine: { type: string | null; confidence: number | null } };
}

export interface SidecarVersionResult {
  uid: string;
  key: string;
  version: number;
  sha256: string;
}

/**
 * Writes the next sidecar version of an archived document after a review decision: the latest
 * sidecar with the decided type (and its name), the decision, and a link to the version it
 * supersedes. Older versions stay untouched. The content depends only on the catalog, so a
 * retry after a crash writes the same bytes and finds them already there.
 */
export async function writeSidecarVersion(
  deps: { store: ObjectStore; catalog: { archive: ArchiveStore } },
  doc: OutdatedSidecar,
  typeName?: string,
): Promise<SidecarVersionResult> {
  const { store } = deps;
  const pdf = deps.catalog.archive.findDocument(store.url, doc.uid);
  if (!pdf) throw new StorageError(`Expected document ${doc.uid} archived in ${store.url}, but the catalog has no object there`, {
      hint: 'Use the archive the document was archived to (--archive).',
      key: 'sidecar.notArchived',
      params: { document: doc.uid, archive: store.url },
      hintKey: 'sidecar.notArchivedHint',
    });
  const versions = deps.catalog.archive.sidecars(store.url, doc.uid);
  const latest = versions[versions.length - 1];
  const latestKey = latest?.key ?? sidecarKeyFor(pdf.key);
  const body = await store.get(latestKey);
  if (!body) throw new StorageError(`Expected the sidecar ${latestKey} in ${store.url}, but it is missing`, {
      hint: 'Run `sohoa fixity` to see what else is missing.',
      key: 'sidecar.missing',
      params: { key: latestKey, archive: store.url },
      hintKey: 'sidecar.missingHint',
    });
  const previous = JSON.parse((await readAll(body, 16 * 1024 * 1024)).toString('utf8')) as Sidecar;
  if (previous.schema !== SIDECAR_SCHEMA || previous.object?.sha256 !== pdf.sha256) {
    const got = previous.object?.sha256 ?? 'something else';
    throw new StorageError(`Expected the sidecar ${latestKey} to describe SHA-256 ${pdf.sha256}, got ${got}`, {
      hint: 'Run `sohoa fixity` and resolve its findings first.',
      key: 'sidecar.mismatch',
      params: { key: latestKey, sha256: pdf.sha256, got },
      hintKey: 'sidecar.mismatchHint',
    });
  }
  const version = (latest?.version ?? 1) + 1;
  const key = versionedSidecarKey(pdf.key, version);
  const annexVI = { ...previous.annexVI, ...(doc.metadata && typeof doc.metadata === 'object' ? (doc.metadata as Record<string, unknown>) : {}) };
  if (typeName) annexVI.typeName = { value: typeName, confidence: 1 };
  const next: RevisedSidecar = {
    ...previous,
    document: { ...previous.document, docType: doc.type },
    annexVI,
    sidecarVersion: version,
    supersedes: latestKey,
    review: { action: doc.action, decidedAt: doc.decidedAt, machine: doc.machine },
    sohoa: { ...previous.sohoa },
  };
  const bytes = serializeSidecar(next);
  const out = await putOnce(store, key, { bytes, ...digestBytes(bytes) }, { contentType: 'application/json' });
  deps.catalog.archive.recordSidecarVersion(
    store.url,
    doc.uid,
    { key, sha256: out.sha256, size: out.size, verifiedBy: out.verifiedBy, retentionMode: null, retainUntil: null },
    version,
    doc.decidedAt,
  );
  return { uid: doc.uid, key, version, sha256: out.sha256 };
}

/** Writes the new sidecar version of every archived document a decision changed (resumes after a crash). */
export async function reviseOutdatedSidecars(
  deps: { store: ObjectStore; catalog: { archive: ArchiveStore; review: { outdatedSidecars(): OutdatedSidecar[] } } },
  typeNames: ReadonlyMap<string, string>,
): Promise<SidecarVersionResult[]> {
  const out: SidecarVersionResult[] = [];
  for (const doc of deps.catalog.review.outdatedSidecars()) {
    out.push(await writeSidecarVersion(deps, doc, doc.type ? typeNames.get(doc.type) : undefined));
  }
  return out;
}
