/**
 * Minimal BER/DER reader and DER writer. The reader keeps byte offsets so that signed
 * attributes can be hashed exactly as they were encoded; the writer builds CMS structures.
 */

export interface Node {
  /** Full identifier byte (class, constructed bit, tag number < 31). */
  tag: number;
  /** Offset of the identifier byte within `buf`. */
  start: number;
  /** Offset of the contents. */
  contentStart: number;
  /** End of the contents (exclusive); for indefinite lengths, before the end-of-contents marker. */
  contentEnd: number;
  /** End of the whole element (exclusive). */
  end: number;
  buf: Buffer;
  children: Node[];
}

export class Asn1Error extends Error {}

export function parseDer(input: Uint8Array, offset = 0, depth = 0): Node {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.length);
  if (depth > 64) throw new Asn1Error('ASN.1 nesting too deep');
  if (offset + 2 > buf.length) throw new Asn1Error('Truncated ASN.1 element');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('High tag numbers are not supported');
  let p = offset + 1;
  const first = buf[p++]!;
  let len = -1;
  if (first < 0x80) len = first;
  else if (first > 0x80) {
    const n = first & 0x7f;
    if (n > 4) throw new Asn1Error('ASN.1 length too large');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
  }
  const constructed = (tag & 0x20) !== 0;
  const node: Node = { tag, start: offset, contentStart: p, contentEnd: 0, end: 0, buf, children: [] };
  if (len >= 0) {
    if (p + len > buf.length) throw new Asn1Error('ASN.1 length beyond the data');
    node.contentEnd = p + len;
    node.end = p + len;
    if (constructed) {
      let q = p;
      while (q < node.contentEnd) {
        const c = parseDer(buf, q, depth + 1);
        node.children.push(c);
        q = c.end;
      }
    }
  } else {
    if (!constructed) throw new Asn1Error('Indefinite length on a primitive element');
    let q = p;
    for (;;) {
      if (q + 2 > buf.length) throw new Asn1Error('Unterminated indefinite-length element');
      if (buf[q] === 0 && buf[q + 1] === 0) break;
      const c = parseDer(buf, q, depth + 1);
      node.children.push(c);
      q = c.end;
    }
    node.contentEnd = q;
    node.end = q + 2;
  }
  return node;
}

export function content(n: Node): Buffer {
  return n.buf.subarray(n.contentStart, n.contentEnd);
}

export function raw(n: Node): Buffer {
  return n.buf.subarray(n.start, n.end);
}

/** OCTET STRING contents, joining the pieces of a constructed (BER) string. */
export function octets(n: Node): Buffer {
  if (n.tag & 0x20) return Buffer.concat(n.children.map(octets));
  return content(n);
}

export function oid(n: Node): string {
  const b = content(n);
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      if (parts.length === 0) {
        const a = v < 80 ? Math.floor(v / 40) : 2;
        parts.push(a, v - a * 40);
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export function integer(n: Node): bigint {
  const b = content(n);
  if (b.length === 0) return 0n;
  let v = BigInt('0x' + b.toString('hex'));
  if (b[0]! & 0x80) v -= 1n << BigInt(b.length * 8);
  return v;
}

/** UTCTime or GeneralizedTime. */
export function time(n: Node): Date {
  const s = content(n).toString('latin1');
  const yearDigits = n.tag === 0x17 ? 2 : 4;
  const m = new RegExp(`^(\\d{${yearDigits}})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})?(?:[.,](\\d+))?(Z|[+-]\\d{4})?$`).exec(s);
  if (!m) throw new Asn1Error(`Bad time "${s}"`);
  let year = Number(m[1]);
  if (m[1]!.length === 2) year += year < 50 ? 2000 : 1900;
  const frac = m[7] ? Number('0.' + m[7]) * 1000 : 0;
  let t = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), frac);
  if (m[8] && m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    t -= sign * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(3, 5))) * 60000;
  }
  return new Date(t);
}

// ---- DER writer ----

function lengthBytes(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  const bytes: number[] = [];
  for (let l = len; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
}

export const seq = (...p: Uint8Array[]) => tlv(0x30, ...p);
export const set = (...p: Uint8Array[]) => tlv(0x31, ...p);
export const octetString = (b: Uint8Array) => tlv(0x04, b);
export const NULL = Buffer.from([0x05, 0x00]);

/** DER SET OF: elements sorted by their encodings (X.690 11.6). */
export function setOf(items: Buffer[]): Buffer {
  return set(...[...items].sort(Buffer.compare));
}

export function derInt(v: bigint | number): Buffer {
  let x = BigInt(v);
  if (x < 0n) throw new Asn1Error('Negative integers are not written here');
  let hex = x.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

export function derOid(s: string): Buffer {
  const p = s.split('.').map(Number);
  const out: number[] = [p[0]! * 40 + p[1]!];
  for (const v of p.slice(2)) {
    const bytes = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) bytes.unshift((x & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return tlv(0x06, Buffer.from(out));
}

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha224: '2.16.840.1.101.3.4.2.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

/** Digest OIDs to Node hash names (also the hash of the *WithRSA/ECDSA signature OIDs). */
export const HASH_BY_OID: Record<string, string> = {
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
  '1.2.840.113549.2.5': 'md5',
};
