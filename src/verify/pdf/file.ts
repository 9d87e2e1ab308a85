import { PdfDict, PdfName, PdfRef, PdfStream, type PdfValue } from './objects.js';
import { PdfSyntaxError, parseIndirect, parseValue, skipWs } from './parser.js';
import { decodeStream } from './filters.js';

export type XrefEntry =
  | { kind: 'offset'; offset: number; gen: number }
  | { kind: 'compressed'; stream: number; index: number }
  | { kind: 'free' };

export interface XrefSection {
  offset: number;
  kind: 'table' | 'stream';
  trailer: PdfDict;
  entries: Map<number, XrefEntry>;
}

/**
 * A PDF as seen by a reader that stops at byte `limit`: the newest xref section before it and
 * the chain of /Prev sections. Opening the same bytes with the limit at a signature's
 * ByteRange end gives exactly the revision that signature covers.
 */
export class PdfFile {
  readonly sections: XrefSection[] = [];
  readonly entries = new Map<number, XrefEntry>();
  trailer = new PdfDict();
  startxref = -1;
  /** True when the xref was unusable and objects were found by scanning. */
  repaired = false;
  private readonly cache = new Map<number, PdfValue>();
  private readonly objStms = new Map<number, Map<number, PdfValue>>();

  private constructor(
    readonly buf: Buffer,
    readonly limit: number,
  ) {}

  static open(bytes: Uint8Array, limit = bytes.length): PdfFile {
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const f = new PdfFile(buf, limit);
    try {
      f.readChain();
      if (!(f.trailer.get('Root') instanceof PdfRef)) throw new PdfSyntaxError('Trailer has no /Root');
    } catch {
      f.repair();
    }
    return f;
  }

  get encrypted(): boolean {
    const e = this.trailer.get('Encrypt');
    return e !== undefined && e !== null;
  }

  private readChain(): void {
    const head = this.buf.subarray(0, this.limit);
    const sx = head.lastIndexOf('startxref', undefined, 'latin1');
    if (sx < 0) throw new PdfSyntaxError('No startxref');
    const v = parseValue(head, sx + 9);
    if (typeof v.value !== 'number') throw new PdfSyntaxError('Bad startxref');
    this.startxref = v.value;
    const seen = new Set<number>();
    let offset: number | undefined = v.value;
    let first = true;
    while (offset !== undefined && !seen.has(offset)) {
      if (offset < 0 || offset >= this.limit) throw new PdfSyntaxError(`xref offset ${offset} is outside the file`);
      seen.add(offset);
      const sec = this.readSection(offset);
      this.sections.push(sec);
      if (first) this.trailer = sec.trailer;
      first = false;
      for (const [n, e] of sec.entries) if (!this.entries.has(n)) this.entries.set(n, e);
      const stm = sec.trailer.get('XRefStm');
      if (sec.kind === 'table' && typeof stm === 'number' && !seen.has(stm)) {
        seen.add(stm);
        const s = this.readSection(stm);
        for (const [n, e] of s.entries) if (!this.entries.has(n)) this.entries.set(n, e);
      }
      const prev = sec.trailer.get('Prev');
      offset = typeof prev === 'number' ? prev : undefined;
    }
  }

  private readSection(offset: number): XrefSection {
    const pos = skipWs(this.buf, offset);
    if (this.buf.toString('latin1', pos, pos + 4) === 'xref') return this.readTable(pos + 4, offset);
    const obj = parseIndirect(this.buf, offset, (l) => this.lengthOf(l));
    if (!(obj.value instanceof PdfStream) || obj.value.dict.nameOf('Type') !== 'XRef')
      throw new PdfSyntaxError(`Expected an xref at offset ${offset}`);
    const d = obj.value.dict;
    const w = (d.get('W') as number[]).map(Number);
    const size = Number(d.get('Size'));
    const index = (d.get('Index') as number[] | undefined) ?? [0, size];
    const data = decodeStream(obj.value);
    const entries = new Map<number, XrefEntry>();
    const rowLen = w[0]! + w[1]! + w[2]!;
    let p = 0;
    const field = (len: number, dflt: number) => {
      if (len === 0) return dflt;
      let x = 0;
      for (let i = 0; i < len; i++) x = x * 256 + data[p++]!;
      return x;
    };
    for (let i = 0; i + 1 < index.length; i += 2) {
      for (let n = Number(index[i]); n < Number(index[i]) + Number(index[i + 1]); n++) {
        if (p + rowLen > data.length) break;
        const t = field(w[0]!, 1);
        const a = field(w[1]!, 0);
        const b = field(w[2]!, 0);
        if (entries.has(n)) continue;
        entries.set(n, t === 1 ? { kind: 'offset', offset: a, gen: b } : t === 2 ? { kind: 'compressed', stream: a, index: b } : { kind: 'free' });
      }
    }
    return { offset, kind: 'stream', trailer: d, entries };
  }

  private readTable(pos: number, offset: number): XrefSection {
    const entries = new Map<number, XrefEntry>();
    const text = this.buf.toString('latin1', pos, this.limit);
    const re = /\s*(\d+)\s+(\d+)\s*(?=[\r\n])/y;
    let i = 0;
    for (;;) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (!m) break;
      const start = Number(m[1]);
      const count = Number(m[2]);
      i = re.lastIndex;
      const row = /\s*(\d{1,10})\s+(\d{1,5})\s+([nf])/y;
      for (let k = 0; k < count; k++) {
        row.lastIndex = i;
        const r = row.exec(text);
        if (!r) throw new PdfSyntaxError(`Bad xref entry at offset ${pos + i}`);
        i = row.lastIndex;
        const n = start + k;
        if (!entries.has(n)) entries.set(n, r[3] === 'n' ? { kind: 'offset', offset: Number(r[1]), gen: Number(r[2]) } : { kind: 'free' });
      }
    }
    const t = text.indexOf('trailer', i);
    if (t < 0 || t - i > 64) throw new PdfSyntaxError(`No trailer after the xref at offset ${offset}`);
    const tr = parseValue(this.buf, pos + t + 7);
    if (!(tr.value instanceof PdfDict)) throw new PdfSyntaxError('Trailer is not a dictionary');
    return { offset, kind: 'table', trailer: tr.value, entries };
  }

  /** Last resort for broken files: find `N G obj` by scanning, the later definition wins. */
  private repair(): void {
    this.repaired = true;
    this.entries.clear();
    const text = this.buf.toString('latin1', 0, this.limit);
    const re = /(?<![0-9])(\d+)\s+(\d+)\s+obj\b/g;
    for (let m = re.exec(text); m; m = re.exec(text)) this.entries.set(Number(m[1]), { kind: 'offset', offset: m.index, gen: Number(m[2]) });
    const t = text.lastIndexOf('trailer');
    if (t >= 0) {
      try {
        const tr = parseValue(this.buf, t + 7);
        if (tr.value instanceof PdfDict) this.trailer = tr.value;
      } catch {
        // fall through to the catalog search
      }
    }
    if (!(this.trailer.get('Root') instanceof PdfRef)) {
      for (const [n] of this.entries) {
        const v = this.tryGet(n);
        if (v instanceof PdfStream && v.dict.nameOf('Type') === 'XRef' && v.dict.get('Root')) this.trailer = v.dict;
        if (v instanceof PdfDict && v.nameOf('Type') === 'Catalog') this.trailer = new PdfDict().set('Root', new PdfRef(n, 0));
      }
    }
  }

  private lengthOf(v: PdfValue): number | undefined {
    if (v instanceof PdfRef) {
      const x = this.tryGet(v.num);
      return typeof x === 'number' ? x : undefined;
    }
    return undefined;
  }

  /** The object numbered `num` in this revision, or undefined when it is free or unreadable. */
  get(num: number): PdfValue | undefined {
    if (this.cache.has(num)) return this.cache.get(num);
    const e = this.entries.get(num);
    let v: PdfValue | undefined;
    if (e?.kind === 'offset') {
      if (e.offset >= this.limit) throw new PdfSyntaxError(`Object ${num} at offset ${e.offset} is outside this revision`);
      const o = parseIndirect(this.buf, e.offset, (l) => this.lengthOf(l));
      if (o.num !== num) throw new PdfSyntaxError(`Expected object ${num} at offset ${e.offset}, found ${o.num}`);
      v = o.value;
    } else if (e?.kind === 'compressed') {
      v = this.fromObjStm(e.stream, e.index, num);
    }
    this.cache.set(num, v ?? null);
    return v;
  }

  tryGet(num: number): PdfValue | undefined {
    try {
      return this.get(num);
    } catch {
      return undefined;
    }
  }

  /** Follows a reference; other values are returned as they are. */
  resolve(v: PdfValue | undefined): PdfValue | undefined {
    for (let i = 0; i < 32 && v instanceof PdfRef; i++) v = this.tryGet(v.num);
    return v;
  }

  dict(v: PdfValue | undefined): PdfDict | undefined {
    const r = this.resolve(v);
    if (r instanceof PdfDict) return r;
    if (r instanceof PdfStream) return r.dict;
    return undefined;
  }

  /** Where an object's definition starts, for objects stored directly in the file. */
  offsetOf(num: number): number | undefined {
    const e = this.entries.get(num);
    return e?.kind === 'offset' ? e.offset : undefined;
  }

  private fromObjStm(stream: number, index: number, num: number): PdfValue | undefined {
    let objs = this.objStms.get(stream);
    if (!objs) {
      objs = new Map();
      this.objStms.set(stream, objs);
      const s = this.get(stream);
      if (!(s instanceof PdfStream)) throw new PdfSyntaxError(`Object stream ${stream} is missing`);
      if (this.encrypted) throw new PdfSyntaxError('Object streams of encrypted documents are not readable without decryption');
      const data = decodeStream(s);
      const n = Number(s.dict.get('N'));
      const first = Number(s.dict.get('First'));
      const header = data.toString('latin1', 0, first).trim().split(/\s+/).map(Number);
      for (let i = 0; i < n; i++) {
        try {
          objs.set(header[2 * i]!, parseValue(data, first + header[2 * i + 1]!).value);
        } catch {
          // one unreadable object does not make the rest unreadable
        }
      }
    }
    void index;
    return objs.get(num);
  }

  /** Object numbers defined (not free) in this revision. */
  objectNumbers(): number[] {
    return [...this.entries].filter(([, e]) => e.kind !== 'free').map(([n]) => n);
  }

  root(): PdfDict | undefined {
    return this.dict(this.trailer.get('Root'));
  }

  /** Page objects in document order, as references. */
  pages(): PdfRef[] {
    const out: PdfRef[] = [];
    const seen = new Set<number>();
    const walk = (ref: PdfValue | undefined, depth: number) => {
      if (!(ref instanceof PdfRef) || seen.has(ref.num) || depth > 64) return;
      seen.add(ref.num);
      const d = this.dict(ref);
      if (!d) return;
      const kids = this.resolve(d.get('Kids'));
      if (d.nameOf('Type') === 'Pages' || Array.isArray(kids)) {
        if (Array.isArray(kids)) for (const k of kids) walk(k, depth + 1);
      } else out.push(ref);
    };
    walk(this.root()?.get('Pages'), 0);
    return out;
  }

  /** An inheritable page attribute (MediaBox, CropBox, Rotate, Resources). */
  inherited(page: PdfRef, key: string): PdfValue | undefined {
    let d = this.dict(page);
    for (let i = 0; d && i < 64; i++) {
      if (d.has(key)) return this.resolve(d.get(key));
      d = this.dict(d.get('Parent'));
    }
    return undefined;
  }
}

export function isName(v: PdfValue | undefined, n: string): boolean {
  return v instanceof PdfName && v.name === n;
}

/** Offsets just past each `%%EOF` marker (and its end-of-line): the ends of the file's revisions. */
export function revisionEnds(buf: Buffer): number[] {
  const out: number[] = [];
  for (let i = buf.indexOf('%%EOF'); i >= 0; i = buf.indexOf('%%EOF', i + 5)) {
    let e = i + 5;
    if (buf[e] === 0x0d) e++;
    if (buf[e] === 0x0a) e++;
    out.push(e);
  }
  return out;
}
