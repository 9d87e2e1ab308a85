import { createReadStream } from 'node:fs';
import type { PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { StorageError } from '../../errors.js';
import type { PutSource } from '../../ports/object-store.js';
import type { Reply } from './s3-checks.js';
import { isNotFound, s3Error } from './s3-errors.js';

export interface MultipartOptions {
  client: S3Client;
  partSize: number;
  /** Parts in flight at once for this upload. */
  queueSize: number;
  /** Part SHA-256s of the uploads in flight, by full key, read by the knownPartChecksums middleware. */
  partDigests: Map<string, Buffer[]>;
  sendChecksum: boolean;
  where: string;
  /** Aborts an upload the SDK could not abort itself (throws when the server refuses). */
  abort(uploadId: string): Promise<void>;
  signal?: AbortSignal;
}

/**
 * A large file in parts through lib-storage, each part with its SHA-256. On failure the
 * upload is aborted, so no parts are left behind; if even that fails, the error says how to
 * clean up.
 */
export async function putInParts(source: PutSource, params: PutObjectCommandInput, o: MultipartOptions): Promise<Reply> {
  const upload = new Upload({
    client: o.client,
    params: { ...params, Body: createReadStream(source.file!, { highWaterMark: 1 << 20 }), ChecksumAlgorithm: o.sendChecksum ? 'SHA256' : undefined },
    partSize: o.partSize,
    queueSize: o.queueSize,
    leavePartsOnError: false,
  });
  const onAbort = () => void upload.abort().catch(() => undefined);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const fullKey = params.Key!;
  if (source.partDigests?.length) o.partDigests.set(fullKey, source.partDigests);
  try {
    return await upload.done();
  } catch (err) {
    // lib-storage aborts the upload itself; try once more in case the server was briefly away.
    let leftParts = false;
    if (upload.uploadId) {
      try {
        await o.abort(upload.uploadId);
      } catch (abortErr) {
        leftParts = !isNotFound(abortErr);
      }
    }
    const e = s3Error('multipart upload', o.where, err);
    if (leftParts) {
      throw new StorageError(`${e.message}; its parts could not be aborted (upload id ${upload.uploadId})`, {
        cause: err,
        hint: 'Run `sohoa archive cleanup` when the server is back, to abort stale multipart uploads; then run again.',
      });
    }
    throw e;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    o.partDigests.delete(fullKey);
  }
}
