import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { digestFile, digestStream } from '../store/hash.js';
import { putOnce } from '../../stages/archive/put-once.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { OriginalUnavailable, type OriginalsStore } from '../../ports/originals.js';
import { tempNameFor } from '../../util/fs.js';
import { checkSha256, copyHashed } from './fs-originals.js';

/** `ab/` folders under `sha256/`, as in the workspace store; the object's name is the whole SHA-256. */
const STAGED = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/** Cache files older than this belong to no running process (a download lasts seconds, not hours). */
const STALE_CACHE_MS = 6 * 3_600_000;

const withSlash = (prefix: string) => (prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix);

/** The SHA-256 a key (under the store's prefix) stages, or undefined when it is not a staged original's key. */
export function stagedShaOf(key: string, stagingPrefix: string): string | undefined {
  const prefix = withSlash(stagingPrefix);
  if (!key.startsWith(prefix)) return undefined;
  const m = STAGED.exec(key.slice(prefix.length));
  return m && m[2]!.startsWith(m[1]!) ? m[2] : undefined;
}

/**
 * Originals staged in the archive's object store (`<prefix>sha256/ab/<sha256>`), so that a worker
 * on any machine can read what a desk ingested. Uploads go through the same confirmed put as the
 * archive (server checksum, HEAD or read-back; an unconfirmed object is removed), from a private
 * snapshot hashed while it was copied, so a file that changes mid-upload can never be staged
 * under the wrong SHA-256. Reads download a fresh copy into `cacheDir` and re-hash it.
 */
export class ObjectStoreOriginals implements OriginalsStore {
  readonly prefix: string;

  constructor(
    readonly store: ObjectStore,
    prefix: string,
    /** A folder of this machine's workspace for snapshots and downloads. */
    readonly cacheDir: string,
  ) {
    this.prefix = withSlash(prefix);
  }

  get location(): string {
    return `${this.store.url}${this.store.url.endsWith('/') ? '' : '/'}${this.prefix}`;
  }

  keyOf(sha256: string): string {
    checkSha256(sha256);
    return `${this.prefix}sha256/${sha256.slice(0, 2)}/${sha256}`;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.store.head(this.keyOf(sha256))) !== undefined;
  }

  /** Puts of one SHA-256 in progress in this process: documents sharing a scan are ingested side by side. */
  private readonly inFlight = new Map<string, Promise<{ sha256: string; stored: boolean }>>();

  async put(file: string, sha256: string): Promise<{ sha256: string; stored: boolean }> {
    // A second put of the same bytes while the first uploads would find a half-written object
    // on some servers and take it for a damaged one: wait for the first instead.
    const running = this.inFlight.get(sha256);
    if (running) {
      const first = await running.catch(() => undefined);
      if (first?.sha256 === sha256) return { sha256, stored: false };
    }
    const mine = this.putNow(file, sha256);
    this.inFlight.set(sha256, mine);
    try {
      return await mine;
    } finally {
      if (this.inFlight.get(sha256) === mine) this.inFlight.delete(sha256);
    }
  }

  private async putNow(file: string, sha256: string): Promise<{ sha256: string; stored: boolean }> {
    const key = this.keyOf(sha256);
    const before = await this.store.head(key);
    // Content-addressed: the same SHA-256 recorded on the object is the same original.
    if (before?.sha256 === sha256) return { sha256, stored: false };
    await fsp.mkdir(this.cacheDir, { recursive: true });
    const snapshot = tempNameFor(path.join(this.cacheDir, sha256));
    try {
      const copied = await copyHashed(file, snapshot);
      if (copied !== sha256) return { sha256: copied, stored: false };
      const size = (await fsp.stat(snapshot)).size;
      const digest = await digestFile(snapshot, this.store.partSize, size < this.store.multipartThreshold);
      if (before) {
        // No or another SHA-256 recorded: written by another tool, or left by an upload cut off
        // halfway (some servers keep the part they got). The key names the only bytes it may
        // hold, and this is not an archived record: keep it if its bytes are right, else replace it.
        const body = before.size === size ? await this.store.get(key) : undefined;
        if (body && (await digestStream(body)).sha256 === sha256) return { sha256, stored: false };
        await this.store.delete(key);
      }
      const r = await putOnce(this.store, key, { file: snapshot, ...digest }, { contentType: 'application/octet-stream' }, undefined, true);
      return { sha256, stored: r.status === 'uploaded' };
    } finally {
      await fsp.rm(snapshot, { force: true });
    }
  }

  async localCopy(sha256: string): Promise<string> {
    const body = await this.store.get(this.keyOf(sha256));
    if (!body) throw new OriginalUnavailable('missing', sha256);
    await fsp.mkdir(this.cacheDir, { recursive: true });
    // One file per call: documents sharing an original never read a file another one removes.
    const local = path.join(this.cacheDir, `${sha256}-${randomBytes(4).toString('hex')}`);
    const tmp = tempNameFor(local);
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, hashing, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    const actual = hash.digest('hex');
    if (actual !== sha256) {
      await fsp.rm(tmp, { force: true });
      throw new OriginalUnavailable('hash-mismatch', sha256, actual);
    }
    await fsp.rename(tmp, local);
    return local;
  }

  async release(local: string): Promise<void> {
    // Only our own downloads: never a path outside the cache.
    if (path.dirname(path.resolve(local)) === path.resolve(this.cacheDir)) await fsp.rm(local, { force: true });
  }

  /** Removes the staged original (after archiving, when the config says so). */
  remove(sha256: string): Promise<void> {
    return this.store.delete(this.keyOf(sha256));
  }

  /** The SHA-256 of every staged original. */
  async *staged(): AsyncIterable<string> {
    const under = this.prefix.replace(/\/$/, '');
    for await (const o of this.store.list(under || undefined)) {
      const sha = stagedShaOf(o.key, this.prefix);
      if (sha) yield sha;
    }
  }

  /** Removes snapshots and downloads left by a process that crashed; returns how many. */
  async sweepCache(now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await fsp.readdir(this.cacheDir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const p = path.join(this.cacheDir, name);
      const st = await fsp.stat(p).catch(() => undefined);
      if (!st?.isFile() || now - st.mtimeMs < STALE_CACHE_MS) continue;
      await fsp.rm(p, { force: true });
      removed += 1;
    }
    return removed;
  }
}
