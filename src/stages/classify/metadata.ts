import { EVIDENCE_FIELDS, metadataFromEvidence, type EvidenceFields, type MetadataEvidence } from './document-metadata.js';
import type { Found } from './metadata-date.js';
import { foldText, tokens } from './normalize.js';

export type { Found };

/**
 * Record metadata that OCR text supports (Decree 30/2020, Annex VI). Every field carries a
 * confidence; a field the text does not show is left out, never guessed.
 */
export interface DocumentMetadata extends EvidenceFields {
  typeName: Found<string>;
  pageAmount?: Found<number>;
  /** ISO 639-1 code(s): "vi", "en" or "vi,en". */
  language?: Found<string>;
  /** Which text the page was read from, and why a text layer was set aside. */
  textSource?: { used: 'text-layer' | 'ocr' | 'text'; textLayer?: string };
  /** Why the document needs a person (also on the classification result). */
  reviewReasons?: string[];
  /** What was noticed without holding the document (a date taken from the signature, …). */
  notes?: string[];
}

// Frequent function words; each language needs a few before it counts.
const VI = new Set('va cua cac cho la duoc trong theo nguoi ngay thang nam tai voi ve viec de nghi co khong nhung da nay ong ba toi so'.split(' '));
const EN = new Set('the and of to in for is are with this that by on from date name no place full sex nationality'.split(' '));
const VI_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/giu;

export function detectLanguage(text: string): Found<string> | undefined {
  const words = tokens(foldText(text));
  if (words.length < 5) return undefined;
  let vi = 0;
  let en = 0;
  for (const w of words) {
    if (VI.has(w)) vi += 1;
    if (EN.has(w)) en += 1;
  }
  const marks = (text.match(VI_LETTERS) ?? []).length;
  const viScore = vi + marks / 4;
  if (viScore < 2 && en < 2) return undefined;
  if (viScore >= 2 && en >= Math.max(3, viScore / 4)) return { value: 'vi,en', confidence: 0.7 };
  const [value, a, b] = viScore >= en ? ['vi', viScore, en] : ['en', en, viScore];
  return { value, confidence: Number(Math.min(0.99, 0.6 + (0.4 * (a - b)) / (a + b + 5)).toFixed(2)) };
}

export interface MetadataInput {
  text: string;
  typeName: string;
  typeConfidence: number;
  pages?: number;
  evidence: MetadataEvidence;
}

export function extractMetadata(input: MetadataInput): { metadata: DocumentMetadata; reviewReasons: string[]; notationHead?: string } {
  const ev = metadataFromEvidence(input.evidence);
  const meta: DocumentMetadata = {
    typeName: { value: input.typeName, confidence: input.typeConfidence },
  };
  for (const k of EVIDENCE_FIELDS) {
    if (ev[k] !== undefined) (meta as unknown as Record<string, unknown>)[k] = ev[k];
  }
  if (input.pages !== undefined && input.pages > 0) meta.pageAmount = { value: input.pages, confidence: 1 };
  const language = detectLanguage(input.text);
  if (language) meta.language = language;
  return { metadata: meta, reviewReasons: ev.reviewReasons, ...(ev.notationHead ? { notationHead: ev.notationHead } : {}) };
}
