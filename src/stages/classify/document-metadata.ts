import { readPrintedFields, type PrintedFields, type ReadField } from './fields.js';
import { fileNameHints } from './file-name.js';
import { editDistance } from './fuzzy.js';
import { looksLikeOrgan } from './metadata-header.js';
import { restoreAbbr } from './notation.js';
import { foldText } from './normalize.js';
import type { ReadingLine } from './reading.js';
import { parseSignatureStamp, type SignatureStamp, type SignerInfo } from './signers.js';

/**
 * Record metadata from all the evidence a document carries: the printed page (text layer
 * and/or OCR), the e-signatures, the signature stamp and the file name. Each value says where
 * it came from and how sure it is. The rule: a value read by OCR alone stays below 0.9; only a
 * plausible text layer, or two independent sources that agree, reach 0.9. What is blank,
 * handwritten, stamped or unreadable gets no value or a partial one, and a review reason.
 */
export type FieldSource = 'printed' | 'signature' | 'file-name';

export interface SourcedValue<T> {
  value: T;
  confidence: number;
  source: FieldSource;
  /** The reading the printed value came from, or what else agreed with it. */
  via?: string;
  /** A date known only to the month ("2025-01"): the day is blank or unreadable. */
  partial?: boolean;
}

export interface Reading {
  source: 'text-layer' | 'ocr';
  lines: ReadingLine[];
}

export interface MetadataEvidence {
  /** Readings of page 1, most trusted first (a plausible text layer, then OCR). */
  readings: Reading[];
  fileName?: string;
  signers?: SignerInfo[];
  /** Text that may hold the "Ký bởi / Cơ quan / Thời gian ký" stamp (a text layer, OCR). */
  stampText?: string;
  /** Annex III abbreviations, to read type hints in file names. */
  abbreviations?: string[];
}

/** The record fields (Decree 30/2020, Annex VI, and what backs them) that evidence fills. */
export interface EvidenceFields {
  codeNumber?: SourcedValue<string>;
  codeNotation?: SourcedValue<string>;
  /** YYYY-MM-DD, or YYYY-MM with `partial`. */
  issuedDate?: SourcedValue<string>;
  organName?: SourcedValue<string>;
  /** Not in Annex VI: the parent agency printed above the issuer, which names it fully. */
  organParent?: SourcedValue<string>;
  subject?: SourcedValue<string>;
  /** Signatures the input PDF carries: organisation and signing time of each signer. */
  signers?: SignerInfo[];
  /** The visible "Ký bởi / Cơ quan / Thời gian ký" stamp, as a cross-check of the signature. */
  signatureStamp?: SignatureStamp;
}

export const EVIDENCE_FIELDS = ['codeNumber', 'codeNotation', 'issuedDate', 'organName', 'organParent', 'subject', 'signers', 'signatureStamp'] as const satisfies ReadonlyArray<keyof EvidenceFields>;

export interface EvidenceMetadata extends EvidenceFields {
  /** Notation's first segment as printed, for typing. */
  notationHead?: string;
  reviewReasons: string[];
}

/** Confidence of a clean reading, by source. */
export const READING_CONFIDENCE = { 'text-layer': 0.95, ocr: 0.85 } as const;
const AGREE_BONUS = 0.05;
const round = (x: number) => Number(Math.min(0.99, x).toFixed(2));

type Key = 'number' | 'notation' | 'date' | 'organ' | 'subject';

/** The best printed value of a field across readings, boosted when two readings agree. */
function printed(read: Array<{ source: string; f: PrintedFields }>, key: Key, same = (a: string, b: string) => a === b) {
  const withValue = read.filter((r) => r.f[key].value !== undefined);
  const first = withValue[0];
  if (!first) return undefined;
  const f = first.f[key] as ReadField<string>;
  const agree = withValue.slice(1).find((r) => same(r.f[key].value!, f.value!));
  const blankBefore = read.slice(0, read.indexOf(first)).some((r) => r.f[key].blank);
  return { value: f.value!, confidence: agree ? round(Math.max(f.confidence, agree.f[key].confidence) + AGREE_BONUS) : f.confidence, via: agree ? `${first.source}+${agree.source}` : first.source, blankBefore };
}

/** Equal but for a few OCR slips (one edit in eight letters). */
function nearlySame(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 3) return false;
  return editDistance(a, b) <= Math.max(1, Math.floor(b.length / 8));
}

const foldOrgan = (s: string) => foldText(s).replace(/^ubnd\b/, 'uy ban nhan dan').replace(/\s+/g, ' ');

export function metadataFromEvidence(ev: MetadataEvidence): EvidenceMetadata {
  const reasons: string[] = [];
  const read = ev.readings.map((r) => ({ source: r.source, f: readPrintedFields(r.lines, READING_CONFIDENCE[r.source], ev.abbreviations) }));
  const out: EvidenceMetadata = { reviewReasons: reasons };
  const hints = ev.fileName ? fileNameHints(ev.fileName, ev.abbreviations ?? []) : [];
  const hintNumbers = new Set(hints.map((h) => String(Number(h.number))));
  const hintAsWritten = new Map(hints.map((h) => [String(Number(h.number)), h.number]));

  // Number: the text layer's blank plus an OCR reading means ink added after printing.
  const num = printed(read, 'number');
  const numberBlank = read.some((r) => r.f.number.blank);
  if (num) {
    let c = num.confidence;
    let via = num.via;
    if (num.blankBefore) {
      c = Math.min(c, 0.6);
      reasons.push('metadata:number-handwritten-or-stamped');
    }
    if (hintNumbers.has(String(Number(num.value))) && c >= 0.45) {
      c = Math.max(c, 0.9);
      via += '+file-name';
    } else if (c < 0.6) reasons.push('metadata:number-uncertain');
    out.codeNumber = { value: num.value, confidence: round(c), source: 'printed', via };
  } else if (hintNumbers.size === 1) {
    out.codeNumber = { value: hintAsWritten.get([...hintNumbers][0]!)!, confidence: 0.45, source: 'file-name' };
    reasons.push('metadata:number-from-file-name');
    // The page shows "Số:" with nothing readable after it: the name alone does not settle it.
    if (numberBlank) reasons.push('metadata:number-unreadable');
  } else reasons.push(numberBlank ? 'metadata:number-unreadable' : 'metadata:number-not-found');

  const notation = printed(read, 'notation', (a, b) => foldText(a) === foldText(b));
  if (notation) {
    const restored = restoreAbbr(notation.value, ev.abbreviations ?? []);
    out.codeNotation = restored
      ? { value: restored, confidence: Math.min(notation.confidence, 0.85), source: 'printed', via: `${notation.via}+abbreviation` }
      : { value: notation.value, confidence: notation.confidence, source: 'printed', via: notation.via };
    out.notationHead = read.find((r) => r.f.notation.value === notation.value)?.f.head;
  }

  // Date: printed in full; else the signing time (marked so); else month and year.
  const signers = ev.signers ?? [];
  if (signers.length) out.signers = signers;
  const stamp = ev.stampText ? parseSignatureStamp(ev.stampText) : undefined;
  if (stamp) out.signatureStamp = stamp;
  const signed = signers.find((s) => s.signingTime && s.intact) ?? signers.find((s) => s.signingTime);
  const signDate = signed?.signingTime?.slice(0, 10);
  if (stamp?.date && signDate && stamp.date !== signDate && !signers.some((s) => s.signingTime?.startsWith(stamp.date!))) reasons.push('signature:stamp-time-differs');
  const date = printed(read, 'date');
  const partial = read.find((r) => r.f.date.partial)?.f.date.partial;
  if (date) {
    let c = date.confidence;
    // The last signature on the file was applied after the document was issued, never before.
    const lastSigned = signers.flatMap((s) => (s.intact && s.signingTime ? [s.signingTime.slice(0, 10)] : [])).sort().pop();
    if (lastSigned && date.value > lastSigned) {
      c = Math.min(c, 0.5);
      reasons.push('metadata:date-after-signature');
    } else if (date.blankBefore || (partial && !date.value.startsWith(partial))) {
      c = Math.min(c, 0.6);
      reasons.push('metadata:date-handwritten-or-stamped');
    } else if (c < 0.6) reasons.push('metadata:date-uncertain');
    out.issuedDate = { value: date.value, confidence: round(c), source: 'printed', via: date.via };
  } else if (signDate) {
    // Signed after issue, often days later: a fallback, never a confident value.
    const fits = !partial || signDate.startsWith(partial);
    out.issuedDate = { value: signDate, confidence: fits ? 0.6 : 0.4, source: 'signature', via: signed!.timeSource };
    reasons.push('metadata:date-from-signature');
    if (!fits) reasons.push('metadata:date-signature-mismatch');
  } else if (partial) {
    out.issuedDate = { value: partial, confidence: 0.5, source: 'printed', partial: true };
    reasons.push('metadata:date-day-unreadable');
  } else reasons.push(read.some((r) => r.f.date.blank) ? 'metadata:date-unreadable' : 'metadata:date-not-found');

  // Two readings of one header agreeing does not make its interpretation right: no bonus here.
  const organ = read.map((r) => ({ source: r.source, f: r.f.organ })).find((r) => r.f.value !== undefined);
  // Officials sign with personal certificates: only an agency's certificate names the issuer.
  const agencySigners = signers.filter((s) => s.commonName && looksLikeOrgan(s.commonName));
  const signerName = organ ? agencySigners.find((s) => s.intact && nearlySame(foldOrgan(organ.f.value!), foldOrgan(s.commonName!)))?.commonName : undefined;
  if (organ && signerName) {
    // The agency certificate names the issuer: its spelling is exact where OCR of capitals is not.
    out.organName = { value: signerName, confidence: 0.95, source: 'printed', via: `${organ.source}+signature` };
  } else if (organ) out.organName = { value: organ.f.value!, confidence: organ.f.confidence, source: 'printed', via: organ.source };
  else if (agencySigners[0]) {
    out.organName = { value: (agencySigners.find((s) => s.intact) ?? agencySigners[0]).commonName!, confidence: 0.6, source: 'signature' };
    reasons.push('metadata:organ-from-signature');
  }
  const parent = read.find((r) => r.f.organParent)?.f.organParent;
  // Not an Annex VI field, and OCR of a second header line is often noise: never confident.
  if (parent && organ) out.organParent = { value: parent, confidence: round(Math.min(organ.f.confidence - 0.05, 0.6)), source: 'printed' };
  const subject = printed(read, 'subject', (a, b) => foldText(a) === foldText(b));
  if (subject) out.subject = { value: subject.value, confidence: subject.confidence, source: 'printed', via: subject.via };
  return out;
}
