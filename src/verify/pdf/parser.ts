import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from './objects.js';

/** Thrown on bytes that are not PDF syntax; callers turn it into a finding or a typed error. */
export class PdfSyntaxError extends Error {}

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export function isWhite(b: number | undefined): boolean {
  return b !== undefined && WS.has(b);
}

export function skipWs(buf: Uint8Array, pos: number): number {
  for (;;) {
    while (pos < buf.length && WS.has(buf[pos]!)) pos++;
    if (buf[pos] === 0x25) {
      while (pos < buf.length && buf[pos] !== 0x0a && buf[pos] !== 0x0d) pos++;
      continue;
    }
    return pos;
  }
}

function readToken(buf: Uint8Array, pos: number): [string, number] {
  const start = pos;
  while (pos < buf.length && !WS.has(buf[pos]!) && !DELIM.has(buf[pos]!)) pos++;
  return [Buffer.from(buf.subarray(start, pos)).toString('latin1'), pos];
}

export interface Parsed<T> {
  value: T;
  end: number;
}

/** Parses one direct value at `pos` (after whitespace). Indirect references `N G R` are recognised. */
export function parseValue(buf: Uint8Array, pos: number, depth = 0): Parsed<PdfValue> {
  if (depth > 100) throw new PdfSyntaxError('Nesting deeper than 100 levels');
  pos = skipWs(buf, pos);
  const c = buf[pos];
  if (c === undefined) throw new PdfSyntaxError('Unexpected end of data');
  if (c === 0x2f) return parseName(buf, pos);
  if (c === 0x28) return parseLiteralString(buf, pos);
  if (c === 0x3c) {
    if (buf[pos + 1] === 0x3c) return parseDict(buf, pos, depth);
    return parseHexString(buf, pos);
  }
  if (c === 0x5b) {
    const arr: PdfValue[] = [];
    pos++;
    for (;;) {
      pos = skipWs(buf, pos);
      if (buf[pos] === 0x5d) return { value: arr, end: pos + 1 };
      if (pos >= buf.length) throw new PdfSyntaxError('Unterminated array');
      const v = parseValue(buf, pos, depth + 1);
      arr.push(v.value);
      pos = v.end;
    }
  }
  const [tok, end] = readToken(buf, pos);
  if (tok === '') throw new PdfSyntaxError(`Unexpected byte 0x${c.toString(16)} at offset ${pos}`);
  if (tok === 'true') return { value: true, end };
  if (tok === 'false') return { value: false, end };
  if (tok === 'null') return { value: null, end };
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(tok)) {
    // `N G R`: look ahead for a generation number and R.
    if (/^\d+$/.test(tok)) {
      const p2 = skipWs(buf, end);
      const [gen, e2] = readToken(buf, p2);
      if (/^\d+$/.test(gen)) {
        const p3 = skipWs(buf, e2);
        const [r, e3] = readToken(buf, p3);
        if (r === 'R') return { value: new PdfRef(Number(tok), Number(gen)), end: e3 };
      }
    }
    return { value: Number(tok), end };
  }
  throw new PdfSyntaxError(`Unexpected token "${tok.slice(0, 20)}" at offset ${pos}`);
}

function parseName(buf: Uint8Array, pos: number): Parsed<PdfName> {
  const [tok, end] = readToken(buf, pos + 1);
  const bytes: number[] = [];
  for (let i = 0; i < tok.length; i++) {
    if (tok[i] === '#' && /^[0-9a-fA-F]{2}$/.test(tok.slice(i + 1, i + 3))) {
      bytes.push(parseInt(tok.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(tok.charCodeAt(i));
  }
  return { value: new PdfName(Buffer.from(bytes).toString('utf8')), end };
}

function parseHexString(buf: Uint8Array, pos: number): Parsed<PdfString> {
  const close = buf.indexOf(0x3e, pos);
  if (close < 0) throw new PdfSyntaxError('Unterminated hex string');
  let hex = Buffer.from(buf.subarray(pos + 1, close)).toString('latin1').replace(/[^0-9a-fA-F]/g, '');
  if (hex.length % 2) hex += '0';
  return { value: new PdfString(Buffer.from(hex, 'hex'), true), end: close + 1 };
}

const ESC: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

function parseLiteralString(buf: Uint8Array, pos: number): Parsed<PdfString> {
  const out: number[] = [];
  let depth = 1;
  pos++;
  while (pos < buf.length) {
    const b = buf[pos]!;
    if (b === 0x5c) {
      const n = buf[pos + 1]!;
      if (ESC[n] !== undefined) {
        out.push(ESC[n]!);
        pos += 2;
      } else if (n >= 0x30 && n <= 0x37) {
        let oct = 0;
        let k = 0;
        pos++;
        while (k < 3 && buf[pos]! >= 0x30 && buf[pos]! <= 0x37) {
          oct = oct * 8 + (buf[pos]! - 0x30);
          pos++;
          k++;
        }
        out.push(oct & 0xff);
      } else if (n === 0x0d) {
        pos += buf[pos + 2] === 0x0a ? 3 : 2;
      } else if (n === 0x0a) {
        pos += 2;
      } else {
        out.push(n);
        pos += 2;
      }
      continue;
    }
    if (b === 0x28) depth++;
    if (b === 0x29 && --depth === 0) return { value: new PdfString(Uint8Array.from(out)), end: pos + 1 };
    out.push(b);
    pos++;
  }
  throw new PdfSyntaxError('Unterminated string');
}

function parseDict(buf: Uint8Array, pos: number, depth: number): Parsed<PdfDict> {
  const d = new PdfDict();
  pos += 2;
  for (;;) {
    pos = skipWs(buf, pos);
    if (buf[pos] === 0x3e && buf[pos + 1] === 0x3e) return { value: d, end: pos + 2 };
    if (pos >= buf.length) throw new PdfSyntaxError('Unterminated dictionary');
    if (buf[pos] !== 0x2f) throw new PdfSyntaxError(`Expected a name as dictionary key at offset ${pos}`);
    const k = parseName(buf, pos);
    const vStart = skipWs(buf, k.end);
    const v = parseValue(buf, vStart, depth + 1);
    d.map.set(k.value.name, v.value);
    d.spans.set(k.value.name, [vStart, v.end]);
    pos = v.end;
  }
}

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** Offset of `N G obj`. */
  start: number;
  end: number;
}

/**
 * Parses `N G obj … endobj` at `offset`. `length` resolves an indirect /Length of a stream;
 * when it cannot, the stream ends at the next `endstream`.
 */
export function parseIndirect(buf: Uint8Array, offset: number, length?: (v: PdfValue) => number | undefined): IndirectObject {
  let pos = skipWs(buf, offset);
  const start = pos;
  const [n, e1] = readToken(buf, pos);
  const [g, e2] = readToken(buf, skipWs(buf, e1));
  const [kw, e3] = readToken(buf, skipWs(buf, e2));
  if (!/^\d+$/.test(n) || !/^\d+$/.test(g) || kw !== 'obj') throw new PdfSyntaxError(`Expected "N G obj" at offset ${offset}`);
  const v = parseValue(buf, e3);
  pos = skipWs(buf, v.end);
  let value = v.value;
  const [next, afterNext] = readToken(buf, pos);
  if (next === 'stream' && value instanceof PdfDict) {
    let dataStart = afterNext;
    if (buf[dataStart] === 0x0d) dataStart++;
    if (buf[dataStart] === 0x0a) dataStart++;
    const lenV = value.get('Length');
    let len = typeof lenV === 'number' ? lenV : length?.(lenV ?? null);
    const endAt = len === undefined ? -1 : dataStart + len;
    const looksRight = endAt >= 0 && endAt <= buf.length && /^\s*endstream/.test(Buffer.from(buf.subarray(endAt, endAt + 20)).toString('latin1'));
    if (!looksRight) {
      const es = Buffer.from(buf.buffer, buf.byteOffset, buf.length).indexOf('endstream', dataStart, 'latin1');
      if (es < 0) throw new PdfSyntaxError(`Unterminated stream in object ${n}`);
      let e = es;
      if (buf[e - 1] === 0x0a) e--;
      if (buf[e - 1] === 0x0d) e--;
      len = e - dataStart;
    }
    value = new PdfStream(value, buf.subarray(dataStart, dataStart + len!));
    pos = Buffer.from(buf.buffer, buf.byteOffset, buf.length).indexOf('endstream', dataStart + len!, 'latin1') + 9;
  }
  const endobj = skipWs(buf, pos);
  const [kw2, e4] = readToken(buf, endobj);
  return { num: Number(n), gen: Number(g), value, start, end: kw2 === 'endobj' ? e4 : pos };
}
