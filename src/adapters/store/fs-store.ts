import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable } from 'node:stream';
import { ConfigError, StorageError } from '../../errors.js';
import { fsyncDir, tempNameFor, writeFileAtomic } from '../../util/fs.js';
import {
  ObjectExistsError,
  type IncompleteUpload,
  type ObjectHead,
  type ObjectStore,
  type PutOptions,
  type PutResult,
  type PutSource,
  type StoredObject,
} from '../../ports/object-store.js';
import { checkKey } from './keys.js';
import { sha256Hex } from './hash.js';
import { probeFolder } from './probe.js';

interface MetaFile {
  sha256: string;
  size: number;
  contentType: string;
  createdAt: string;
}

/**
 * A folder as an object store. Objects are written to a temporary name, fsynced, hashed while
 * copied, then hard-linked to their key (link fails if the key exists, so nothing is ever
 * overwritten, atomically) and made read-only. The SHA-256 goes to a hidden `.NAME.meta.json`
 * beside the object, the counterpart of S3's x-amz-meta-sha256.
 */
export class FsObjectStore implements ObjectStore {
  readonly kind = 'file' as const;
  readonly url: string;
  readonly partSize = 0;
  readonly multipartThreshold = Infinity;

  constructor(readonly root: string) {
    this.root = path.resolve(root);
    this.url = pathToFileURL(this.root).href;
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  private metaPathOf(key: string): string {
    const p = this.pathOf(key);
    return path.join(path.dirname(p), `.${path.basename(p)}.meta.json`);
  }

  probe(): Promise<void> {
    return probeFolder(this.root);
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    let st;
    try {
      st = await fsp.stat(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw ioError(`Cannot read ${this.pathOf(key)}`, err);
    }
    const meta = await readMeta(this.metaPathOf(key));
    return { key, size: st.size, sha256: meta?.sha256, lastModified: st.mtime };
  }

  async put(key: string, source: PutSource, opts: PutOptions): Promise<PutResult> {
    if (opts.retention) await this.assertRetentionSupported();
    const target = this.pathOf(key);
    if (!opts.knownAbsent && (await this.head(key))) throw new ObjectExistsError(key);
    try {
      await fsp.mkdir(path.dirname(target), { recursive: true });
    } catch (err) {
      throw ioError(`Cannot create the folder of ${target}`, err);
    }
    const tmp = tempNameFor(target);
    try {
      const written = await copyAndHash(source, tmp);
      if (written.sha256 !== source.sha256 || written.size !== source.size) {
        throw new StorageError(
          `Expected SHA-256 ${source.sha256} (${source.size} bytes) for ${target}, wrote ${written.sha256} (${written.size} bytes)`,
          { hint: 'The source changed while it was archived; run again.', file: source.file },
        );
      }
      await fsp.chmod(tmp, 0o444);
      try {
        await fsp.link(tmp, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ObjectExistsError(key);
        throw err;
      }
    } catch (err) {
      if (err instanceof ObjectExistsError || err instanceof StorageError) throw err;
      throw ioError(`Cannot write ${target}`, err);
    } finally {
      await fsp.rm(tmp, { force: true });
    }
    await fsyncDir(path.dirname(target));
    const meta: MetaFile = { sha256: source.sha256, size: source.size, contentType: opts.contentType, createdAt: new Date().toISOString() };
    await writeFileAtomic(this.metaPathOf(key), JSON.stringify(meta) + '\n');
    return { key, size: source.size, sha256: source.sha256, multipart: false, verifiedBy: 'local-fsync' };
  }

  async get(key: string): Promise<Readable | undefined> {
    const p = this.pathOf(key);
    try {
      const fh = await fsp.open(p, 'r');
      return fh.createReadStream({ highWaterMark: 1 << 20 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw ioError(`Cannot read ${p}`, err);
    }
  }

  async delete(key: string): Promise<void> {
    for (const p of [this.pathOf(key), this.metaPathOf(key)]) {
      try {
        await fsp.rm(p, { force: true });
      } catch (err) {
        throw ioError(`Cannot remove ${p}`, err);
      }
    }
    await fsyncDir(path.dirname(this.pathOf(key)));
  }

  async *list(under?: string): AsyncIterable<StoredObject> {
    const walk = async function* (dir: string, rel: string): AsyncIterable<StoredObject> {
      let entries;
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return;
        throw ioError(`Cannot list ${dir}`, err);
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        if (e.name.startsWith('.')) continue; // meta files and temporaries
        const p = path.join(dir, e.name);
        const key = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) yield* walk(p, key);
        else if (e.isFile()) yield { key, size: (await fsp.stat(p)).size };
      }
    };
    if (under) yield* walk(path.join(this.root, ...checkKey(under).split('/')), under);
    else yield* walk(this.root, '');
  }

  async assertRetentionSupported(): Promise<void> {
    throw new ConfigError(`Retention cannot be enforced by the file store ${this.url}`, {
      hint: 'Object Lock retention needs an S3 bucket created with Object Lock enabled (--archive s3://…); or unset --retention-mode/--retention-days and retention in the config.',
    });
  }

  async listIncompleteUploads(): Promise<IncompleteUpload[]> {
    return [];
  }

  async abortIncompleteUpload(): Promise<void> {}

  close(): void {}
}

async function readMeta(p: string): Promise<MetaFile | undefined> {
  try {
    const meta = JSON.parse(await fsp.readFile(p, 'utf8')) as MetaFile;
    return typeof meta.sha256 === 'string' ? meta : undefined;
  } catch {
    return undefined;
  }
}

/** Copies the source to `tmp`, fsyncs it, and returns what was actually written. */
async function copyAndHash(source: PutSource, tmp: string): Promise<{ sha256: string; size: number }> {
  const fh = await fsp.open(tmp, 'wx', 0o644);
  try {
    if (source.bytes) {
      await fh.writeFile(source.bytes);
      await fh.sync();
      return { sha256: sha256Hex(source.bytes), size: source.bytes.length };
    }
    const h = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(source.file!, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      h.update(chunk);
      size += chunk.length;
      await fh.write(chunk);
    }
    await fh.sync();
    return { sha256: h.digest('hex'), size };
  } finally {
    await fh.close();
  }
}

function ioError(what: string, err: unknown): StorageError {
  return new StorageError(`${what}: ${(err as Error).message}`, {
    cause: err,
    hint: 'Check the archive folder, its permissions and free disk space.',
  });
}
