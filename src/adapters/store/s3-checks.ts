import { GetObjectLockConfigurationCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '../../errors.js';
import type { PutSource, VerifiedBy } from '../../ports/object-store.js';
import { compositeChecksum, hexToBase64, multipartEtag } from './hash.js';
import { errorName, isNotFound, isNotImplemented, s3Error } from './s3-errors.js';

/** Checks the S3 store makes around an upload: Object Lock, part checksums, the reply's proof. */

/** Throws ConfigError unless the bucket has Object Lock enabled. */
export async function checkObjectLock(client: S3Client, bucket: string, url: string): Promise<void> {
  const hint =
    'Object Lock must be enabled when the bucket is created (it also turns on versioning), e.g. `aws s3api create-bucket --bucket B --object-lock-enabled-for-bucket`; or unset the retention options.';
  let enabled: string | undefined;
  try {
    const r = await client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    enabled = r.ObjectLockConfiguration?.ObjectLockEnabled;
  } catch (err) {
    if (isNotImplemented(err)) {
      throw new ConfigError(`The S3 server of ${url} does not support Object Lock, so retention cannot be set`, { cause: err, hint });
    }
    if (errorName(err) === 'ObjectLockConfigurationNotFoundError' || isNotFound(err)) enabled = undefined;
    else throw s3Error('GetObjectLockConfiguration', url, err);
  }
  if (enabled !== 'Enabled') {
    throw new ConfigError(`Bucket ${bucket} does not have Object Lock enabled, so retention cannot be set`, { hint });
  }
}

/**
 * lib-storage uploads parts as Buffers, so the SDK would hash each one twice more (its
 * checksum, then SigV4's payload hash). The parts' SHA-256s were computed with the file's
 * digest: send those. Should the file have changed since, the server refuses the part.
 */
export function knownPartChecksums(partDigests: Map<string, Buffer[]>, sendChecksum: boolean) {
  type Args = { input: unknown; request: unknown };
  return (next: (args: Args) => Promise<unknown>) =>
    async (args: Args) => {
      const input = args.input as { Key?: string; PartNumber?: number; UploadId?: string };
      const headers = (args.request as { headers?: Record<string, string> }).headers;
      const digest = input.UploadId && input.PartNumber && input.Key ? partDigests.get(input.Key)?.[input.PartNumber - 1] : undefined;
      if (digest && headers) {
        headers['x-amz-content-sha256'] = digest.toString('hex');
        if (sendChecksum) headers['x-amz-checksum-sha256'] = digest.toString('base64');
      }
      return next(args);
    };
}

export interface Reply {
  ETag?: string;
  ChecksumSHA256?: string;
}

/** What the upload's own reply proves about the stored bytes, if anything. */
export function provenByReply(reply: Reply, source: PutSource, multipart: boolean): VerifiedBy | 'mismatch' | undefined {
  const sum = reply.ChecksumSHA256;
  if (sum) {
    if (!multipart && sum === hexToBase64(source.sha256)) return 'server-checksum';
    if (multipart && source.partDigests?.length && sum === compositeChecksum(source.partDigests)) return 'server-checksum';
  }
  const etag = reply.ETag?.replace(/"/g, '');
  if (etag && source.md5) {
    // A multipart ETag is MD5 over the parts' MD5s on S3; some servers give the plain MD5.
    if (etag === source.md5) return 'server-md5';
    if (multipart && source.partMd5s?.length && etag === multipartEtag(source.partMd5s)) return 'server-md5';
    return 'mismatch';
  }
  return undefined;
}
