import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

export interface Digest {
  /** SHA-256 of the whole content, hex. */
  sha256: string;
  size: number;
  /** SHA-256 of each consecutive `partSize` slice (empty when partSize is 0). */
  partDigests: Buffer[];
}

/**
 * Hashes a stream in one pass: the full SHA-256 and, when partSize > 0, the SHA-256 of each
 * part, so a multipart upload's composite checksum can be checked against the server's.
 */
export async function digestStream(stream: Readable, partSize = 0): Promise<Digest> {
  const whole = createHash('sha256');
  const partDigests: Buffer[] = [];
  let part = partSize > 0 ? createHash('sha256') : undefined;
  let inPart = 0;
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    whole.update(chunk);
    size += chunk.length;
    if (!part) continue;
    let off = 0;
    while (off < chunk.length) {
      const take = Math.min(partSize - inPart, chunk.length - off);
      part.update(chunk.subarray(off, off + take));
      inPart += take;
      off += take;
      if (inPart === partSize) {
        partDigests.push(part.digest());
        part = createHash('sha256');
        inPart = 0;
      }
    }
  }
  if (part && inPart > 0) partDigests.push(part.digest());
  return { sha256: whole.digest('hex'), size, partDigests };
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

/** S3's composite checksum of a multipart upload: SHA-256 over the parts' digests, `-N`. */
export function compositeChecksum(partDigests: Buffer[]): string {
  return `${createHash('sha256').update(Buffer.concat(partDigests)).digest('base64')}-${partDigests.length}`;
}
