import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../../errors.js';
import type { IncompleteUpload } from '../../ports/object-store.js';
import { isNotImplemented, s3Error } from './s3-errors.js';

/** Multipart uploads started under the prefix and never completed, page by page. */
export async function listIncompleteUploads(client: S3Client, bucket: string, prefix: string, url: string): Promise<IncompleteUpload[]> {
  const out: IncompleteUpload[] = [];
  let keyMarker: string | undefined;
  let idMarker: string | undefined;
  do {
    let r;
    try {
      r = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: idMarker }));
    } catch (err) {
      if (isNotImplemented(err)) {
        throw new StorageError(`The S3 server of ${url} cannot list multipart uploads (ListMultipartUploads is not implemented)`, {
          cause: err,
          hint: "Clean up with the server's own tools, or set a lifecycle rule AbortIncompleteMultipartUpload on the bucket.",
        });
      }
      throw s3Error('ListMultipartUploads', url, err);
    }
    for (const u of r.Uploads ?? []) {
      if (u.Key && u.UploadId) out.push({ key: u.Key.slice(prefix.length), uploadId: u.UploadId, initiated: u.Initiated });
    }
    keyMarker = r.IsTruncated ? r.NextKeyMarker : undefined;
    idMarker = r.IsTruncated ? r.NextUploadIdMarker : undefined;
  } while (keyMarker);
  return out;
}
