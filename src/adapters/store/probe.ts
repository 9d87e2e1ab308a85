import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../../errors.js';
import { s3Error } from './s3-errors.js';

/**
 * The storage probe, run before any page is OCRed: write a small object, read it back, delete it.
 * Wrong credentials, a missing bucket or a read-only folder then stop the run at once (exit 5),
 * instead of after hours of OCR. The name is unique, so two desks probing at once do not meet.
 */
export function probeName(): string {
  return `.sohoa-probe-${process.pid}-${randomBytes(6).toString('hex')}`;
}

const probeBody = (name: string) => Buffer.from(`sohoa storage probe ${name}\n`);

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

export async function probeFolder(root: string): Promise<void> {
  const file = path.join(root, probeName());
  const body = probeBody(path.basename(file));
  try {
    await fsp.mkdir(root, { recursive: true });
    await fsp.writeFile(file, body, { flag: 'wx' });
    const back = await fsp.readFile(file);
    if (!back.equals(body)) throw new Error(`read back ${back.length} different bytes`);
    await fsp.unlink(file);
  } catch (err) {
    await fsp.rm(file, { force: true }).catch(() => undefined);
    throw new StorageError(`Storage probe: cannot write, read and delete a file in the archive folder ${root}: ${(err as Error).message}`, {
      cause: err,
      hint: 'Check that the folder exists or can be created, and that the user running sohoa may write to it (and that the disk is not full).',
      key: 'storage.probe',
      params: { root, detail: (err as Error).message },
      hintKey: 'storage.probeHint',
    });
  }
}
