import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from './pdf/objects.js';
import { PdfFile } from './pdf/file.js';
import { stringDecryptor, type StringDecryptor } from './pdf/crypt.js';
import { fieldIsVisible } from './visibility.js';
import { said, type Said } from '../i18n/said.js';

export interface FoundSignature {
  field: string;
  sigRef?: PdfRef;
  dict: PdfDict;
  /** Byte span of the /Contents value in the file, when the dictionary is stored uncompressed. */
  contentsSpan?: [number, number];
  /** /Contents is all zeros while the widget shows a signature: wiped or never written. */
  zeroed?: boolean;
}

export interface FoundFields {
  signed: FoundSignature[];
  empty: string[];
}

/**
 * The full field name. In an encrypted document the names are encrypted strings: they are
 * decrypted when the document opens without a password, and left out otherwise.
 */
function fieldName(f: PdfFile, v: PdfValue | undefined, crypt: StringDecryptor | undefined): string {
  const parts: string[] = [];
  let ref = v;
  let cur = f.dict(v);
  for (let i = 0; cur && i < 16; i++) {
    let t = cur.get('T');
    if (t instanceof PdfString && f.encrypted) t = crypt && ref instanceof PdfRef ? crypt.decrypt(t, ref.num, ref.gen) : undefined;
    if (t instanceof PdfString) parts.unshift(t.text());
    ref = cur.get('Parent');
    cur = f.dict(ref);
  }
  const name = parts.join('.');
  if (!name) return f.encrypted ? '(name encrypted)' : '(unnamed)';
  return /[\x00-\x08\x0e-\x1f]/.test(name) ? '(name not readable)' : name;
}

function inheritedFT(f: PdfFile, d: PdfDict): string | undefined {
  let cur: PdfDict | undefined = d;
  for (let i = 0; cur && i < 16; i++) {
    if (cur.has('FT')) return cur.nameOf('FT');
    cur = f.dict(cur.get('Parent'));
  }
  return undefined;
}

/** Signature fields of the form, walking /Kids, with their signature dictionaries. */
export function findSignatures(f: PdfFile): FoundFields {
  const out: FoundFields = { signed: [], empty: [] };
  const crypt = f.encrypted ? stringDecryptor(f) : undefined;
  const seen = new Set<number>();
  const visit = (v: PdfValue | undefined, depth: number) => {
    if (depth > 32) return;
    if (v instanceof PdfRef) {
      if (seen.has(v.num)) return;
      seen.add(v.num);
    }
    const d = f.dict(v);
    if (!d) return;
    const kids = f.resolve(d.get('Kids'));
    if (Array.isArray(kids)) for (const k of kids) visit(k, depth + 1);
    if (inheritedFT(f, d) !== 'Sig' || !(d.has('T') || d.has('V'))) return;
    const vRaw = d.get('V');
    const sig = f.dict(vRaw);
    const cont = sig?.get('Contents');
    // A placeholder never filled (all zeros) with nothing on the page is an empty field. The
    // same zeros under a visible signature box are a broken signature: the page shows a
    // signature that is not there.
    const unfilled = !(cont instanceof PdfString) || cont.bytes.every((b) => b === 0);
    const zeroed = sig !== undefined && cont instanceof PdfString && unfilled && sig.has('ByteRange') && fieldIsVisible(f, v);
    if (!sig || (unfilled && !zeroed)) {
      if (!Array.isArray(kids)) out.empty.push(fieldName(f, v, crypt));
      return;
    }
    const found: FoundSignature = { field: fieldName(f, v, crypt), dict: sig, ...(zeroed ? { zeroed } : {}) };
    if (vRaw instanceof PdfRef) {
      found.sigRef = vRaw;
      if (f.offsetOf(vRaw.num) !== undefined) found.contentsSpan = sig.spans.get('Contents');
    } else if (v instanceof PdfRef && f.offsetOf(v.num) !== undefined) {
      found.contentsSpan = sig.spans.get('Contents');
    }
    out.signed.push(found);
  };
  const acro = f.dict(f.root()?.get('AcroForm'));
  const fields = f.resolve(acro?.get('Fields'));
  if (Array.isArray(fields)) for (const x of fields) visit(x, 0);
  return out;
}

export interface ByteRangeCheck {
  byteRange: number[];
  wellFormed: boolean;
  problems: Said[];
}

/**
 * A ByteRange is well formed when it has two ranges, starts at 0, stays inside the file,
 * the ranges do not overlap, and the gap between them is exactly this signature's own
 * /Contents hex string (delimiters included).
 */
export function checkByteRange(sig: FoundSignature, fileLength: number): ByteRangeCheck {
  const v = sig.dict.get('ByteRange');
  const br = Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : NaN)) : [];
  const problems: Said[] = [];
  if (br.length !== 4 || br.some((x) => !Number.isInteger(x) || x < 0)) {
    problems.push(said('verifyProblem.byteRangeShape', { values: br.join(' ') }));
    return { byteRange: br, wellFormed: false, problems };
  }
  const [a, b, c, d] = br as [number, number, number, number];
  if (a !== 0) problems.push(said('verifyProblem.byteRangeStart', { start: a }));
  if (c < a + b) problems.push(said('verifyProblem.byteRangeOverlap'));
  if (c + d > fileLength) problems.push(said('verifyProblem.byteRangeBeyond', { end: c + d, length: fileLength }));
  const span = sig.contentsSpan;
  if (!span) problems.push(said('verifyProblem.contentsNotExcludable'));
  else if (span[0] !== a + b || span[1] !== c)
    problems.push(said('verifyProblem.gapNotContents', { gapStart: a + b, gapEnd: c, contentsStart: span[0], contentsEnd: span[1] }));
  return { byteRange: br, wellFormed: problems.length === 0, problems };
}

export function signedBytes(buf: Buffer, br: number[]): Buffer[] {
  return [buf.subarray(br[0]!, br[0]! + br[1]!), buf.subarray(br[2]!, br[2]! + br[3]!)];
}

export function contentsBytes(sig: FoundSignature): Buffer | undefined {
  const c = sig.dict.get('Contents');
  if (!(c instanceof PdfString)) return undefined;
  // Placeholders are zero-padded; CMS parsing stops at the end of its outer element anyway.
  return Buffer.from(c.bytes);
}

export function subFilter(sig: FoundSignature): string {
  const s = sig.dict.get('SubFilter');
  return s instanceof PdfName ? s.name : '';
}

/** The /M date `D:YYYYMMDDHHmmSS+HH'mm'` as a Date. */
export function pdfDate(v: PdfValue | undefined): Date | undefined {
  if (!(v instanceof PdfString)) return undefined;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(v.text());
  if (!m) return undefined;
  let t = Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (m[7] === '+' || m[7] === '-') t -= (m[7] === '-' ? -1 : 1) * (Number(m[8] ?? 0) * 60 + Number(m[9] ?? 0)) * 60000;
  return new Date(t);
}
