import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/** A sibling temporary name: same folder, so the final rename is atomic. */
export function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes a file so that a crash leaves either the old content or the new, never half:
 * temporary name, fsync, rename, fsync of the folder.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, opts: { mode?: number; mtime?: Date } = {}): Promise<void> {
  const tmp = tempNameFor(target);
  // A secret is created with its final mode: never readable by others, not even for a moment.
  const fh = await openCreatingFolder(tmp, opts.mode ?? 0o666);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    if (opts.mtime) await fsp.utimes(tmp, opts.mtime, opts.mtime);
    await fsp.rename(tmp, target);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(path.dirname(target));
}

/**
 * Opens a new file for writing, creating its folder only when it is missing: a batch writes
 * thousands of files into one folder, and a recursive mkdir before each cost more CPU than
 * the write.
 */
async function openCreatingFolder(file: string, mode: number): Promise<fsp.FileHandle> {
  try {
    return await fsp.open(file, 'w', mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await fsp.mkdir(path.dirname(file), { recursive: true });
    return fsp.open(file, 'w', mode);
  }
}

/** Makes a rename durable. Some file systems refuse to open folders; that is not fatal. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, 'r');
    await fh.sync();
  } catch {
    // best effort
  } finally {
    await fh?.close();
  }
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}
