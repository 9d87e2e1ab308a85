import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

export interface Digest {
  /** SHA-256 of the whole content, hex. */
  sha256: string;
  size: number;
  /** SHA-256 of each consecutive `partSize` slice (empty when partSize is 0). */
  partDigests: Buffer[];
  /** MD5 of the whole content and of each part, hex, when asked for: S3 ETags are made of them. */
  md5?: string;
  partMd5s: Buffer[];
}

/**
 * Hashes a stream in one pass: the full SHA-256 and, when partSize > 0, the SHA-256 of each
 * part, so a multipart upload's composite checksum can be checked against the server's; with
 * `withMd5`, the MD5s too (MD5 is the slowest of these: ask only where an ETag can use it).
 */
export async function digestStream(stream: Readable, partSize = 0, withMd5 = false): Promise<Digest> {
  const whole = [createHash('sha256'), ...(withMd5 ? [createHash('md5')] : [])];
  const newPart = () => [createHash('sha256'), ...(withMd5 ? [createHash('md5')] : [])];
  const partDigests: Buffer[] = [];
  const partMd5s: Buffer[] = [];
  let part = partSize > 0 ? newPart() : undefined;
  let inPart = 0;
  let size = 0;
  const closePart = (p: ReturnType<typeof newPart>) => {
    partDigests.push(p[0]!.digest());
    if (p[1]) partMd5s.push(p[1].digest());
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (const h of whole) h.update(chunk);
    size += chunk.length;
    if (!part) continue;
    let off = 0;
    while (off < chunk.length) {
      const take = Math.min(partSize - inPart, chunk.length - off);
      const slice = chunk.subarray(off, off + take);
      for (const h of part) h.update(slice);
      inPart += take;
      off += take;
      if (inPart === partSize) {
        closePart(part);
        part = newPart();
        inPart = 0;
      }
    }
  }
  if (part && inPart > 0) closePart(part);
  return { sha256: whole[0]!.digest('hex'), size, partDigests, md5: whole[1]?.digest('hex'), partMd5s };
}

export function digestFile(file: string, partSize = 0, withMd5 = false): Promise<Digest> {
  return digestStream(createReadStream(file, { highWaterMark: 1 << 20 }), partSize, withMd5);
}

/** The digest of bytes in memory (no parts: such objects go up in one request). */
export function digestBytes(bytes: Uint8Array): Digest {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    partDigests: [],
    md5: createHash('md5').update(bytes).digest('hex'),
    partMd5s: [],
  };
}


export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** The ETag S3 gives a multipart object: MD5 over the parts' MD5s, `-N`. */
export function multipartEtag(partMd5s: Buffer[]): string {
  return `${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-${partMd5s.length}`;
}

/** S3's composite checksum of a multipart upload: SHA-256 over the parts' digests, `-N`. */
export function compositeChecksum(partDigests: Buffer[]): string {
  return `${createHash('sha256').update(Buffer.concat(partDigests)).digest('base64')}-${partDigests.length}`;
}
