import crypto from 'node:crypto';
import { PdfDict, PdfName, PdfString } from './objects.js';
import type { PdfFile } from './file.js';

/**
 * Decrypts strings of a PDF encrypted with the standard security handler and an empty user
 * password (the usual case for signed documents: they open without a password). Only what the
 * verifier shows needs it, such as field names; signature /Contents are never encrypted.
 * Returns undefined when the document uses a handler or password this cannot open.
 */
export interface StringDecryptor {
  decrypt(s: PdfString, num: number, gen: number): PdfString;
}

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function rc4(key: Buffer, data: Uint8Array): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

function bytesOf(v: unknown): Buffer | undefined {
  return v instanceof PdfString ? Buffer.from(v.bytes) : undefined;
}

export function stringDecryptor(f: PdfFile): StringDecryptor | undefined {
  const enc = f.dict(f.trailer.get('Encrypt'));
  if (!enc || enc.nameOf('Filter') !== 'Standard') return undefined;
  const v = Number(enc.get('V') ?? 0);
  const r = Number(enc.get('R') ?? 0);
  const o = bytesOf(enc.get('O'));
  const p = Number(enc.get('P'));
  const ids = f.resolve(f.trailer.get('ID'));
  const id0 = Array.isArray(ids) ? bytesOf(ids[0]) : undefined;
  if (!o || !Number.isFinite(p) || !id0 || r < 2 || r > 4) return undefined;
  let method: 'rc4' | 'aes' = 'rc4';
  if (v === 4) {
    const cf = f.dict(enc.get('CF'));
    const stdName = enc.get('StrF');
    const std = cf && stdName instanceof PdfName ? f.dict(cf.get(stdName.name)) : undefined;
    const cfm = std instanceof PdfDict ? std.nameOf('CFM') : undefined;
    if (stdName instanceof PdfName && stdName.name === 'Identity') return { decrypt: (s) => s };
    if (cfm === 'AESV2') method = 'aes';
    else if (cfm !== 'V2') return undefined;
  }
  const length = r === 2 ? 5 : Number(enc.get('Length') ?? 40) / 8;
  // Algorithm 2 of ISO 32000-1 (7.6.3.3) with the empty user password.
  const pBytes = Buffer.alloc(4);
  pBytes.writeInt32LE(p);
  const h = crypto.createHash('md5').update(PAD).update(o).update(pBytes).update(id0);
  if (r >= 4 && enc.get('EncryptMetadata') === false) h.update(Buffer.from([0xff, 0xff, 0xff, 0xff]));
  let key = h.digest();
  if (r >= 3) for (let i = 0; i < 50; i++) key = crypto.createHash('md5').update(key.subarray(0, length)).digest();
  key = key.subarray(0, length);
  if (!userPasswordIsEmpty(key, r, id0, bytesOf(enc.get('U')))) return undefined;
  return {
    decrypt(s, num, gen) {
      const ext = Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, gen & 255, gen >> 8]);
      const parts = [key, ext, ...(method === 'aes' ? [Buffer.from('sAlT', 'latin1')] : [])];
      const objKey = crypto.createHash('md5').update(Buffer.concat(parts)).digest().subarray(0, Math.min(length + 5, 16));
      if (method === 'rc4') return new PdfString(rc4(objKey, s.bytes), s.hex);
      if (s.bytes.length < 32 || s.bytes.length % 16) return s;
      const d = crypto.createDecipheriv('aes-128-cbc', objKey, s.bytes.subarray(0, 16));
      return new PdfString(Buffer.concat([d.update(s.bytes.subarray(16)), d.final()]), s.hex);
    },
  };
}

/** Algorithms 4 and 5: the key from the empty password must reproduce /U. */
function userPasswordIsEmpty(key: Buffer, r: number, id0: Buffer, u: Buffer | undefined): boolean {
  if (!u) return false;
  if (r === 2) return rc4(key, PAD).equals(u.subarray(0, 32));
  let x = rc4(key, crypto.createHash('md5').update(PAD).update(id0).digest());
  for (let i = 1; i <= 19; i++) x = rc4(Buffer.from(key.map((b) => b ^ i)), x);
  return x.equals(u.subarray(0, 16));
}
