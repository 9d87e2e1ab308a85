import { createHash } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { OriginalUnavailable, type OriginalsStore } from '../../ports/originals.js';
import { fsyncDir, tempNameFor } from '../../util/fs.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** Guards every path or key built from a SHA-256: nothing else may reach the file system or the bucket. */
export function checkSha256(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`Expected a lowercase hex SHA-256, got "${sha256.slice(0, 80)}"`);
  return sha256;
}

/** Opens a file for reading without following a symbolic link at its last component. */
export const READ_NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Copies `file` (never following a link at its last component) to the new file `tmp`, hashing
 * the bytes as they are copied, fsynced; returns their SHA-256. On failure `tmp` is removed.
 */
export async function copyHashed(file: string, tmp: string): Promise<string> {
  const hash = createHash('sha256');
  const src = await fsp.open(file, READ_NO_FOLLOW);
  let out: fsp.FileHandle | undefined;
  try {
    out = await fsp.open(tmp, 'wx', 0o600);
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await src.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      await out.write(buf, 0, bytesRead);
    }
    await out.sync();
  } catch (err) {
    await out?.close();
    out = undefined;
    await fsp.rm(tmp, { force: true });
    throw err;
  } finally {
    await src.close();
    await out?.close();
  }
  return hash.digest('hex');
}

/** `<root>/sha256/ab/cdef…`: content-addressed, written once (temp name, fsync, rename), read-only after. */
export class FsOriginals implements OriginalsStore {
  constructor(readonly root: string) {}

  get location(): string {
    return this.root;
  }

  pathOf(sha256: string): string {
    checkSha256(sha256);
    return path.join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2));
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await fsp.stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  async put(file: string, sha256: string): Promise<{ sha256: string; stored: boolean }> {
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256, stored: false };
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const tmp = tempNameFor(target);
    const copied = await copyHashed(file, tmp);
    if (copied !== sha256) {
      await fsp.rm(tmp, { force: true });
      return { sha256: copied, stored: false };
    }
    await fsp.chmod(tmp, 0o400);
    await fsp.rename(tmp, target);
    await fsyncDir(path.dirname(target));
    return { sha256, stored: true };
  }

  async localCopy(sha256: string): Promise<string> {
    const p = this.pathOf(sha256);
    const hash = createHash('sha256');
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(p, READ_NO_FOLLOW);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new OriginalUnavailable('missing', sha256);
      throw err;
    }
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        hash.update(buf.subarray(0, bytesRead));
      }
    } finally {
      await fh.close();
    }
    const actual = hash.digest('hex');
    if (actual !== sha256) throw new OriginalUnavailable('hash-mismatch', sha256, actual);
    return p;
  }
}
