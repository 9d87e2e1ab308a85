/**
 * A small PDF object model, enough to read revisions and to write incremental updates.
 * Strings keep their raw bytes so that nothing is re-encoded by accident.
 */

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = false,
  ) {}
  /** Text strings as readers show them: UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding (≈ Latin-1). */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      const swapped = Buffer.from(b.subarray(2));
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
    return Buffer.from(b).toString('latin1');
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

export class PdfDict {
  readonly map = new Map<string, PdfValue>();
  /** Byte spans [start, end) of each value in the file it was parsed from (absent for built dicts). */
  readonly spans = new Map<string, [number, number]>();
  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }
  set(key: string, v: PdfValue): this {
    this.map.set(key, v);
    return this;
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  clone(): PdfDict {
    const d = new PdfDict();
    for (const [k, v] of this.map) d.map.set(k, v);
    return d;
  }
  nameOf(key: string): string | undefined {
    const v = this.map.get(key);
    return v instanceof PdfName ? v.name : undefined;
  }
}

export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** The stream's bytes as stored (still encoded). */
    readonly raw: Uint8Array,
  ) {}
}

export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfStream | PdfValue[];

export function name(n: string): PdfName {
  return new PdfName(n);
}

export function dict(entries: Record<string, PdfValue | undefined>): PdfDict {
  const d = new PdfDict();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) d.set(k, v);
  return d;
}

export function pdfText(s: string): PdfString {
  // ASCII stays literal; anything else is UTF-16BE with a BOM, which every reader decodes.
  if (/^[\x20-\x7e]*$/.test(s)) return new PdfString(Buffer.from(s, 'latin1'));
  const body = Buffer.from(s, 'utf16le');
  body.swap16();
  return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), body]), true);
}

const NAME_PLAIN = /^[!-~]$/;
const DELIMS = new Set('()<>[]{}/%#'.split(''));

function serializeName(n: string): string {
  let out = '/';
  for (const ch of Buffer.from(n, 'utf8')) {
    const c = String.fromCharCode(ch);
    out += NAME_PLAIN.test(c) && !DELIMS.has(c) ? c : '#' + ch.toString(16).padStart(2, '0');
  }
  return out;
}

function serializeNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

function serializeString(s: PdfString): string {
  if (s.hex) return '<' + Buffer.from(s.bytes).toString('hex') + '>';
  let out = '(';
  for (const b of s.bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) out += '\\' + b.toString(8).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + ')';
}

/** Serializes a value as Latin-1 text (streams are written by the caller, see serializeObject). */
export function serialize(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return serializeNumber(v);
  if (v instanceof PdfName) return serializeName(v.name);
  if (v instanceof PdfString) return serializeString(v);
  if (v instanceof PdfRef) return v.toString();
  if (Array.isArray(v)) return '[' + v.map(serialize).join(' ') + ']';
  if (v instanceof PdfDict) {
    let out = '<<';
    for (const [k, val] of v.map) out += serializeName(k) + ' ' + serialize(val);
    return out + '>>';
  }
  throw new Error('A stream can only be an indirect object');
}

/** `N 0 obj … endobj` bytes for a value or a stream. */
export function serializeObject(num: number, gen: number, v: PdfValue): Buffer {
  if (v instanceof PdfStream) {
    const d = v.dict.clone().set('Length', v.raw.length);
    return Buffer.concat([
      Buffer.from(`${num} ${gen} obj\n${serialize(d)}\nstream\n`, 'latin1'),
      Buffer.from(v.raw),
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]);
  }
  return Buffer.from(`${num} ${gen} obj\n${serialize(v)}\nendobj\n`, 'latin1');
}

/** Structural equality, used to tell a real change from an object rewritten unchanged. */
export function sameValue(a: PdfValue | undefined, b: PdfValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a instanceof PdfStream)
    return b instanceof PdfStream && sameDict(a.dict, b.dict, ['Length']) && Buffer.from(a.raw).equals(Buffer.from(b.raw));
  if (a instanceof PdfDict) return b instanceof PdfDict && sameDict(a, b, []);
  return false;
}

function sameDict(a: PdfDict, b: PdfDict, ignore: string[]): boolean {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  for (const k of keys) if (!ignore.includes(k) && !sameValue(a.get(k), b.get(k))) return false;
  return true;
}

/** Keys whose values differ between two dictionaries. */
export function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  return [...keys].filter((k) => !sameValue(a.get(k), b.get(k)));
}
