import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { StorageError } from '../../errors.js';

/**
 * The storage probe, run before any page is OCRed: write a small object, read it back, delete it
 * (the S3 one is in s3-probe.ts).
 * Wrong credentials, a missing bucket or a read-only folder then stop the run at once (exit 5),
 * instead of after hours of OCR. The name is unique, so two desks probing at once do not meet.
 */
export function probeName(): string {
  return `.sohoa-probe-${process.pid}-${randomBytes(6).toString('hex')}`;
}

export const probeBody = (name: string) => Buffer.from(`sohoa storage probe ${name}\n`);

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
