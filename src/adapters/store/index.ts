import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/schema.js';
import { UsageError } from '../../errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { FsObjectStore } from './fs-store.js';
import { S3ObjectStore } from './s3-store.js';

export { FsObjectStore } from './fs-store.js';
export { S3ObjectStore, type S3StoreOptions } from './s3-store.js';

export type StoreConfig = Pick<Config, 'workspace' | 'archive' | 's3'>;

/** The default archive: a folder `archive` inside the workspace. */
export function defaultArchiveUrl(workspace: string): string {
  return new URL(`file://${path.resolve(workspace, 'archive')}`).href;
}

/**
 * Opens the store named by a URL (`file:///path`, `s3://bucket/prefix`), or by
 * `cfg.archive`, or the default folder under the workspace.
 */
export function openObjectStore(url: string | undefined, cfg: StoreConfig): ObjectStore {
  const target = url ?? cfg.archive ?? defaultArchiveUrl(cfg.workspace);
  let u: URL;
  try {
    u = new URL(target);
  } catch {
    // A bare path is a folder.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return new FsObjectStore(path.resolve(target));
    throw new UsageError(`Expected an archive URL file:///path or s3://bucket/prefix, got "${target}"`);
  }
  if (u.protocol === 'file:') return new FsObjectStore(fileURLToPath(u));
  if (u.protocol === 's3:') {
    if (!u.hostname) throw new UsageError(`Expected a bucket name in the archive URL, got "${target}"`);
    if (u.username || u.password) {
      throw new UsageError('Expected no credentials in the archive URL', {
        hint: 'Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, never from a URL or flag.',
      });
    }
    const rawPrefix = decodeURIComponent(u.pathname).replace(/^\/+/, '').replace(/\/+$/, '');
    return new S3ObjectStore({
      bucket: u.hostname,
      prefix: rawPrefix ? `${rawPrefix}/` : '',
      endpoint: cfg.s3.endpoint,
      region: cfg.s3.region,
      // The SDK reads AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL itself; path style must follow it too.
      forcePathStyle: cfg.s3.forcePathStyle || needsPathStyle(cfg.s3.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL),
      checksum: cfg.s3.checksum,
      verifyUpload: cfg.s3.verifyUpload,
      multipartThresholdBytes: Math.round(cfg.s3.multipartThresholdMB * 1024 * 1024),
    });
  }
  throw new UsageError(`Expected an archive URL file:///path or s3://bucket/prefix, got "${target}"`);
}

/** Virtual-host addressing cannot work on an IP address or localhost, so path style is implied. */
function needsPathStyle(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');
  } catch {
    return false;
  }
}
