import type { Readable } from 'node:stream';
import { StorageError } from '../../errors.js';

/** Reads a small object fully; refuses past `limit` bytes (a sidecar is never that big). */
export async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw new StorageError(`Expected a sidecar under ${limit} bytes, got more`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
