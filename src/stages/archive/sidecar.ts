import { VERSION } from '../../version.js';
import type { Retention } from '../../ports/object-store.js';
import { publicName } from './key.js';

/** Metadata of a record (Decree 30/2020, Annex VI) as classification extracted it; keys as in the Annex. */
export type AnnexVIMetadata = Record<string, unknown>;

export interface SourceFile {
  /** File name only (no folder: folders can carry personal names). */
  name?: string;
  sha256: string;
}

export interface SidecarInput {
  documentId: string;
  dossierCode: string | null;
  part: 'ho-so' | 'ket-qua' | null;
  unitCode: string | null;
  docType: string | null;
  pageCount: number | null;
  ocrConfidence: number | null;
  metadata: AnnexVIMetadata;
  signature: Record<string, unknown> | null;
  sources: SourceFile[];
  blankPages?: number[];
}

export const SIDECAR_SCHEMA = 'sohoa-archive-sidecar/1';

export interface Sidecar {
  schema: typeof SIDECAR_SCHEMA;
  object: { key: string; sha256: string; size: number; contentType: string };
  document: {
    id: string;
    dossierCode: string | null;
    part: string | null;
    unitCode: string | null;
    docType: string | null;
    pageCount: number | null;
    ocrConfidence: number | null;
    /** Pages found blank: scanned and kept, but not digitized content. */
    blankPages?: number[];
  };
  annexVI: AnnexVIMetadata;
  signature: Record<string, unknown> | null;
  sources: SourceFile[];
  retention: { mode: string; retainUntil: string } | null;
  sohoa: { version: string; archivedAt: string };
}

export function buildSidecar(
  input: SidecarInput,
  object: { key: string; sha256: string; size: number },
  retention: Retention | undefined,
  now = new Date(),
): Sidecar {
  return {
    schema: SIDECAR_SCHEMA,
    object: { ...object, contentType: 'application/pdf' },
    document: {
      // Personal data from file names stays out of the sidecar (see publicName).
      id: publicName(input.documentId),
      dossierCode: input.dossierCode,
      part: input.part,
      unitCode: input.unitCode,
      docType: input.docType,
      pageCount: input.pageCount,
      ocrConfidence: input.ocrConfidence,
      ...(input.blankPages?.length ? { blankPages: input.blankPages } : {}),
    },
    annexVI: { ...input.metadata, ...(input.pageCount !== null && !('PageAmount' in input.metadata) ? { PageAmount: input.pageCount } : {}) },
    signature: input.signature,
    sources: input.sources.map((f) => (f.name === undefined ? f : { ...f, name: publicName(f.name) })),
    retention: retention ? { mode: retention.mode, retainUntil: retention.retainUntil.toISOString() } : null,
    sohoa: { version: VERSION, archivedAt: now.toISOString() },
  };
}

export function serializeSidecar(s: Sidecar): Buffer {
  return Buffer.from(JSON.stringify(s, null, 2) + '\n', 'utf8');
}

/** The object SHA-256 a stored sidecar describes, or undefined when it is not one of ours. */
export function describedSha256(bytes: Buffer): string | undefined {
  try {
    const s = JSON.parse(bytes.toString('utf8')) as Partial<Sidecar>;
    return s.schema === SIDECAR_SCHEMA && typeof s.object?.sha256 === 'string' ? s.object.sha256 : undefined;
  } catch {
    return undefined;
  }
}
