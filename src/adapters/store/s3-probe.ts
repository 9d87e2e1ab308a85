import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../../errors.js';
import { probeBody, probeName } from './probe.js';
import { s3Error } from './s3-errors.js';

/**
 * The S3 storage probe, run before any page is OCRed: write a small object, read it back,
 * delete it. Wrong credentials or a missing bucket then stop the run at once (exit 5).
 */
export async function probeS3(client: S3Client, bucket: string, prefix: string): Promise<void> {
  const name = probeName();
  const Key = prefix + name;
  const where = `s3://${bucket}/${Key}`;
  const body = probeBody(name);
  let action = 'PutObject';
  try {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: body, ContentType: 'text/plain' }));
    action = 'GetObject';
    const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
    const back = Buffer.from(await r.Body!.transformToByteArray());
    if (!back.equals(body)) {
      throw new StorageError(`Storage probe: expected to read back the ${body.length} bytes written to ${where}, got ${back.length} different bytes`, {
        hint: 'The S3 server does not return what it stores; check --s3-endpoint and any proxy in between.',
      });
    }
    action = 'DeleteObject';
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
  } catch (err) {
    if (err instanceof StorageError) throw err;
    throw s3Error(`${action} (storage probe)`, where, err);
  }
}
