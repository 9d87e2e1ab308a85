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
  /** Per Annex VI field: where its value came from (printed, signature, file-name, …) and how sure it is. */
  provenance: Record<string, FieldProvenance>;
  /** What classification saw beside the page: signers, the signature stamp, the text used, review reasons. */
  evidence?: Record<string, unknown>;
  signature: Record<string, unknown> | null;
  sources: SourceFile[];
  retention: { mode: string; retainUntil: string } | null;
  sohoa: { version: string; archivedAt: string };
}

export interface FieldProvenance {
  source: string;
  confidence: number;
  via?: string;
  partial?: boolean;
}

// Classification's field names → Annex VI names, and the source of the fields not read from the page.
const ANNEX_NAMES: Record<string, string> = {
  codeNumber: 'CodeNumber', codeNotation: 'CodeNotation', issuedDate: 'IssuedDate', organName: 'OrganName', organParent: 'OrganParent',
  subject: 'Subject', typeName: 'TypeName', pageAmount: 'PageAmount', language: 'Language',
};
const DEFAULT_SOURCE: Record<string, string> = { TypeName: 'classifier', PageAmount: 'file', Language: 'text' };

/**
 * Splits classification metadata ({ codeNumber: { value, confidence, source } }) into Annex VI
 * values and their provenance; anything else (signers, text source) is kept as it is.
 */
const EVIDENCE_KEYS = new Set(['signers', 'signatureStamp', 'textSource', 'reviewReasons', 'notes']);

export function annexFields(metadata: AnnexVIMetadata): { annexVI: AnnexVIMetadata; provenance: Record<string, FieldProvenance>; evidence: Record<string, unknown> } {
  const annexVI: AnnexVIMetadata = {};
  const provenance: Record<string, FieldProvenance> = {};
  const evidence: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(metadata)) {
    const name = ANNEX_NAMES[key];
    if (name && v && typeof v === 'object' && 'value' in v && 'confidence' in v) {
      const f = v as { value: unknown; confidence: number; source?: string; via?: string; partial?: boolean };
      annexVI[name] = f.value;
      provenance[name] = { source: f.source ?? DEFAULT_SOURCE[name] ?? 'printed', confidence: f.confidence, ...(f.via ? { via: f.via } : {}), ...(f.partial ? { partial: true } : {}) };
    } else if (EVIDENCE_KEYS.has(key)) evidence[key] = v;
    else annexVI[key] = v;
  }
  return { annexVI, provenance, evidence };
}

export function buildSidecar(
  input: SidecarInput,
  object: { key: string; sha256: string; size: number },
  retention: Retention | undefined,
  now = new Date(),
): Sidecar {
  const { annexVI, provenance, evidence } = annexFields(input.metadata);
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
    annexVI: { ...annexVI, ...(input.pageCount !== null && !('PageAmount' in annexVI) ? { PageAmount: input.pageCount } : {}) },
    provenance,
    ...(Object.keys(evidence).length ? { evidence } : {}),
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
