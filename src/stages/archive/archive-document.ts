import { readFile, stat } from 'node:fs/promises';
import { digestBytes, digestFile, sha256Hex } from '../../adapters/store/hash.js';
import type { UnitTree } from '../../domain/units.js';
import type { ArchivedDocumentRecord, ArchiveStore } from '../../ports/archive-catalog.js';
import type { ObjectStore, Retention, VerifiedBy } from '../../ports/object-store.js';
import { DEFAULT_KEY_TEMPLATE, publicName, renderKey, sidecarKeyFor, unitPath } from './key.js';
import { putOnce } from './put-once.js';
import { retentionFor, type RetentionConfig } from './retention.js';
import { buildSidecar, describedSha256, serializeSidecar, type AnnexVIMetadata, type SourceFile } from './sidecar.js';
import { readAll } from './read-all.js';

/** Largest PDF read whole into memory (smaller than any multipart threshold in practice). */
const IN_MEMORY_MAX = 8 * 1024 * 1024;

/** One signed PDF to archive, with what the earlier stages learnt about it. */
export interface ArchiveInput {
  /** The document's uid in the catalog (also the object's file name in the default key). */
  uid: string;
  /** Overrides uid in the key, when the pipeline names documents differently. */
  documentId?: string;
  dossierCode: string | null;
  unitCode: string | null;
  part: 'ho-so' | 'ket-qua' | null;
  /** Year for the key; usually the dossier's received year. */
  year: number | string;
  /** Date (YYYY-MM-DD) on which to resolve the unit hierarchy; default 1 July of `year`. */
  unitDate?: string;
  docType: string | null;
  pdfPath: string;
  metadata: AnnexVIMetadata;
  pageCount: number | null;
  ocrConfidence: number | null;
  signature: Record<string, unknown> | null;
  sources: SourceFile[];
  /** Pages found blank (numbers from 1): recorded in the sidecar, not digitized content. */
  blankPages?: number[];
}

export interface ArchiveResult {
  uid: string;
  key: string;
  sidecarKey: string;
  sha256: string;
  size: number;
  status: 'uploaded' | 'already-archived';
  verifiedBy: VerifiedBy;
  multipart: boolean;
}

export interface ArchiveDeps {
  store: ObjectStore;
  catalog: { archive: ArchiveStore; transaction?<T>(fn: () => T): T };
  /** The unit hierarchy (build once: `new UnitTree(catalog.units.all())`). */
  units?: UnitTree;
  keyTemplate?: string;
  retention?: RetentionConfig;
  signal?: AbortSignal;
}

/** Where a document goes: its key under the store's prefix (no I/O). */
export function keyFor(deps: Pick<ArchiveDeps, 'units' | 'keyTemplate'>, input: ArchiveInput): string {
  const year = String(input.year);
  const where = unitPath(deps.units, input.unitCode, input.unitDate ?? `${year}-07-01`);
  return renderKey(deps.keyTemplate ?? DEFAULT_KEY_TEMPLATE, {
    ...where,
    unit: input.unitCode ?? 'x',
    year,
    dossier: input.dossierCode ?? 'x',
    part: input.part ?? 'x',
    document: publicName(input.documentId ?? input.uid),
    type: input.docType ?? 'x',
  });
}

/** Batch helpers: keys known to be free (listed just before), and a deferred catalog write. */
export interface ArchiveHints {
  absentKeys?: ReadonlySet<string>;
  /** Called with the confirmed record instead of writing it to the catalog at once. */
  onConfirmed?: (rec: ArchivedDocumentRecord) => void;
}

/**
 * Archives one document: the PDF under its key, then its JSON sidecar, each confirmed by the
 * store; only then are both recorded in the catalog (archived_objects, documents.archive_key),
 * in one transaction. Safe to repeat after a crash at any point: what is already there with
 * the same SHA-256 is skipped. Moving the document's stage and counting its dossier as
 * digitized/archived is the caller's next commit (the pipeline's, or `sohoa archive put`'s).
 */
export async function archiveDocument(deps: ArchiveDeps, input: ArchiveInput, hints: ArchiveHints = {}): Promise<ArchiveResult> {
  const { store } = deps;
  const known = deps.catalog.archive.findDocument(store.url, input.uid);
  const retention: Retention | undefined = retentionFor(deps.retention, input.docType);
  if (retention) await store.assertRetentionSupported();

  // A PDF small enough to go up in one request is read once, into memory, for hash and upload.
  const size = (await stat(input.pdfPath)).size;
  const bytes = size < Math.min(IN_MEMORY_MAX, store.multipartThreshold) ? await readFile(input.pdfPath) : undefined;
  // A file that goes up in parts is checked by the parts' SHA-256s (the server's composite
  // checksum) or a HEAD; the MD5s of an ETag check would cost two more passes over it.
  const digest = bytes ? digestBytes(bytes) : await digestFile(input.pdfPath, store.partSize, size < store.multipartThreshold);
  if (known && known.sha256 === digest.sha256) {
    return {
      uid: input.uid,
      key: known.key,
      sidecarKey: sidecarKeyFor(known.key),
      sha256: known.sha256,
      size: known.size,
      status: 'already-archived',
      verifiedBy: known.verifiedBy,
      multipart: false,
    };
  }

  const key = keyFor(deps, input);
  const sidecarKey = sidecarKeyFor(key);
  // Without a listing (the pipeline archives one document at a time), look at both keys at
  // once: when both are free, the two uploads go together too.
  const absent: ReadonlySet<string> =
    hints.absentKeys ??
    new Set((await Promise.all([key, sidecarKey].map(async (k) => ((await store.head(k)) ? [] : [k])))).flat());
  const putPdf = () =>
    putOnce(
      store,
      key,
      { file: input.pdfPath, bytes, ...digest },
      { contentType: 'application/pdf', retention, signal: deps.signal },
      undefined,
      absent.has(key),
    );
  const sidecarBytes = serializeSidecar(
    buildSidecar({ ...input, documentId: input.documentId ?? input.uid }, { key, sha256: digest.sha256, size: digest.size }, retention),
  );
  const putSidecar = () =>
    putOnce(
      store,
      sidecarKey,
      { bytes: sidecarBytes, ...digestBytes(sidecarBytes) },
      { contentType: 'application/json', retention, signal: deps.signal },
      // A sidecar left by an earlier, interrupted run of the same PDF is as good as a new one.
      async () => {
        const body = await store.get(sidecarKey);
        const existing = body ? await readAll(body, 16 * 1024 * 1024) : undefined;
        return existing && describedSha256(existing) === digest.sha256 ? { sha256: sha256Hex(existing), size: existing.length } : undefined;
      },
      absent.has(sidecarKey),
    );
  // Both keys are free: send the two objects together (one round trip less per document). A sidecar that arrives without its PDF (a failed upload) describes that PDF's
  // SHA-256 and is accepted by the re-run. Otherwise the PDF first, so a conflict at its key
  // leaves no sidecar behind.
  const together = absent.has(key) && absent.has(sidecarKey);
  let pdf: Awaited<ReturnType<typeof putPdf>>;
  let sidecar: Awaited<ReturnType<typeof putSidecar>>;
  if (together) [pdf, sidecar] = await Promise.all([putPdf(), putSidecar()]);
  else {
    pdf = await putPdf();
    sidecar = await putSidecar();
  }

  const rec = (o: typeof pdf) => ({
    key: o.key,
    sha256: o.sha256,
    size: o.size,
    verifiedBy: o.verifiedBy,
    retentionMode: retention?.mode ?? null,
    retainUntil: retention?.retainUntil.toISOString() ?? null,
  });
  const record: ArchivedDocumentRecord = {
    storeUrl: store.url,
    documentUid: input.uid,
    object: rec(pdf),
    sidecar: rec(sidecar),
  };
  if (hints.onConfirmed) hints.onConfirmed(record);
  else deps.catalog.archive.recordDocument(record);
  return { uid: input.uid, key, sidecarKey, sha256: digest.sha256, size: digest.size, status: pdf.status, verifiedBy: pdf.verifiedBy, multipart: pdf.multipart };
}
