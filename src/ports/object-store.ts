import type { Readable } from 'node:stream';

/**
 * Where archived records live: a local folder or an S3-compatible bucket. Keys are relative
 * to the store's prefix (the path of `file:///path` or the prefix of `s3://bucket/prefix`).
 * A store never overwrites an object: `put` creates or fails with ObjectExistsError.
 */

export type RetentionMode = 'GOVERNANCE' | 'COMPLIANCE';

export interface Retention {
  mode: RetentionMode;
  retainUntil: Date;
}

export interface ObjectHead {
  key: string;
  size: number;
  /** SHA-256 (hex) that sohoa recorded with the object (x-amz-meta-sha256 or the .meta file). */
  sha256?: string;
  /** The server's own checksum (base64; `…-N` when composite over N parts), when it reports one. */
  serverChecksumSha256?: string;
  lastModified?: Date;
  retention?: Retention;
}

export interface PutSource {
  /** A local file, streamed; or bytes in memory (sidecars). */
  file?: string;
  bytes?: Uint8Array;
  size: number;
  /** SHA-256 of the content, hex, computed by the caller before the upload. */
  sha256: string;
  /** SHA-256 of each part of `partSize` bytes (for multipart verification), when known. */
  partDigests?: Buffer[];
  /** MD5 of the content and of each part, hex, when known: lets a store check the server's ETag. */
  md5?: string;
  partMd5s?: Buffer[];
}

export interface PutOptions {
  contentType: string;
  retention?: Retention;
  signal?: AbortSignal;
  /**
   * The caller has just looked and found nothing at the key, so the store may skip its own
   * look (it still sends a conditional write where the protocol has one).
   */
  knownAbsent?: boolean;
}

/** How an upload was confirmed before the catalog trusts it; from strongest to weakest. */
export type VerifiedBy = 'read-back' | 'server-checksum' | 'server-md5' | 'local-fsync' | 'size-and-metadata';

export interface PutResult {
  key: string;
  size: number;
  sha256: string;
  multipart: boolean;
  verifiedBy: VerifiedBy;
}

export interface StoredObject {
  key: string;
  size: number;
}

export interface IncompleteUpload {
  key: string;
  uploadId: string;
  initiated?: Date;
}

export interface ObjectStore {
  readonly kind: 'file' | 's3';
  /** The store's URL without credentials, e.g. `s3://bucket/prefix`; recorded in the catalog. */
  readonly url: string;
  /** Part size used for multipart uploads (0 when the store never uses parts). */
  readonly partSize: number;
  /** Files of this size or more go up in parts (Infinity when the store never uses parts). */
  readonly multipartThreshold: number;
  head(key: string): Promise<ObjectHead | undefined>;
  /** Creates the object; throws ObjectExistsError if the key is taken, StorageError on I/O failure. */
  put(key: string, source: PutSource, opts: PutOptions): Promise<PutResult>;
  /** The object's bytes as a stream, or undefined when it does not exist. */
  get(key: string): Promise<Readable | undefined>;
  /**
   * Removes the object (and sohoa's metadata of it); nothing there is not an error. Only for
   * objects sohoa may let go of, such as staged originals: archived records are never deleted.
   */
  delete(key: string): Promise<void>;
  /**
   * Every object under the prefix (keys relative to it), sohoa's own metadata files excluded;
   * with `under`, only those whose key starts with `under/`.
   */
  list(under?: string): AsyncIterable<StoredObject>;
  /** Throws ConfigError when the store cannot enforce retention (Object Lock). */
  assertRetentionSupported(): Promise<void>;
  /** Multipart uploads started under the prefix and never completed (S3 only; [] for files). */
  listIncompleteUploads(): Promise<IncompleteUpload[]>;
  abortIncompleteUpload(upload: IncompleteUpload): Promise<void>;
  /** Writes, reads back and deletes a small object: StorageError (exit 5) when any of it fails. */
  probe(): Promise<void>;
  close(): void;
}

/** The key is taken by an object; the caller decides whether it is the same one. */
export class ObjectExistsError extends Error {
  constructor(readonly key: string) {
    super(`An object already exists at ${key}`);
    this.name = 'ObjectExistsError';
  }
}
