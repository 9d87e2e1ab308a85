import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

export interface Digest {
  /** SHA-256 of the whole content, hex. */
  sha256: string;
  size: number;
  /** SHA-256 of each consecutive `partSize` slice (empty when partSize is 0). */
  partDigests: Buffer[];
  /** MD5 of the whole content and of each part, hex: S3 ETags are made of them. */
  md5: string;
  partMd5s: Buffer[];
}

/**
 * Hashes a stream in one pass: the full SHA-256 and, when partSize > 0, the SHA-256 of each
 * part, so a multipart upload's composite checksum can be checked against the server's.
 */
export async function digestStream(stream: Readable, partSize = 0): Promise<Digest> {
  const whole = createHash('sha256');
  const wholeMd5 = createHash('md5');
  const partDigests: Buffer[] = [];
  const partMd5s: Buffer[] = [];
  let part = partSize > 0 ? createHash('sha256') : undefined;
  let partMd5 = partSize > 0 ? createHash('md5') : undefined;
  let inPart = 0;
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    whole.update(chunk);
    wholeMd5.update(chunk);
    size += chunk.length;
    if (!part || !partMd5) continue;
    let off = 0;
    while (off < chunk.length) {
      const take = Math.min(partSize - inPart, chunk.length - off);
      const slice = chunk.subarray(off, off + take);
      part.update(slice);
      partMd5.update(slice);
      inPart += take;
      off += take;
      if (inPart === partSize) {
        partDigests.push(part.digest());
        partMd5s.push(partMd5.digest());
        part = createHash('sha256');
        partMd5 = createHash('md5');
        inPart = 0;
      }
    }
  }
  if (part && partMd5 && inPart > 0) {
    partDigests.push(part.digest());
    partMd5s.push(partMd5.digest());
  }
  return { sha256: whole.digest('hex'), size, partDigests, md5: wholeMd5.digest('hex'), partMd5s };
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

export function digestFile(file: string, partSize = 0): Promise<Digest> {
  return digestStream(createReadStream(file, { highWaterMark: 1 << 20 }), partSize);
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
