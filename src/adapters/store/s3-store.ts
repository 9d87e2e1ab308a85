import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { StorageError } from '../../errors.js';
import {
  ObjectExistsError,
  type IncompleteUpload,
  type ObjectHead,
  type ObjectStore,
  type PutOptions,
  type PutResult,
  type PutSource,
  type StoredObject,
  type VerifiedBy,
} from '../../ports/object-store.js';
import { compositeChecksum, digestStream, hexToBase64 } from './hash.js';
import { checkKey } from './keys.js';
import { probeS3 } from './s3-probe.js';
import { createS3Client } from './s3-client.js';
import { putInParts } from './s3-multipart.js';
import { errorName, httpStatus, isNotFound, s3Error } from './s3-errors.js';
import { listIncompleteUploads } from './s3-uploads.js';
import { checkObjectLock, provenByReply, type Reply } from './s3-checks.js';

export interface S3StoreOptions {
  bucket: string;
  /** '' or ends with '/'. */
  prefix: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  checksum: 'when-supported' | 'when-required';
  verifyUpload: 'head' | 'read';
  multipartThresholdBytes: number;
  /** Parallel part uploads within one multipart upload. */
  partConcurrency?: number;
  /** Part size of multipart uploads (default 8 MB, at most the threshold). */
  partSizeBytes?: number;
}

const MIN_PART = 5 * 1024 * 1024;
const DEFAULT_PART = 8 * 1024 * 1024;
const DEFAULT_PART_CONCURRENCY = 6;
/** Uploads in flight (io concurrency, up to 64) times a sidecar each, with room for parts. */
const MAX_SOCKETS = 64;

/**
 * An S3 bucket (AWS, MinIO, Ceph, s3rver) as an object store. Credentials come from the SDK's
 * standard chain only. Small objects go up in one PutObject with x-amz-checksum-sha256 and
 * If-None-Match: *; large ones in parts through lib-storage, each part with its SHA-256. After
 * every upload the object is confirmed (size, recorded SHA-256, and the server's checksum or a
 * read-back) before the caller may mark it archived.
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  readonly url: string;
  readonly partSize: number;
  readonly multipartThreshold: number;
  private readonly client: S3Client;
  private readonly partConcurrency: number;
  private lockChecked?: Promise<void>;
  /** Part SHA-256s of the multipart uploads in flight, by full key (see knownPartChecksums). */
  private readonly partDigests = new Map<string, Buffer[]>();

  constructor(private readonly opts: S3StoreOptions) {
    this.url = `s3://${opts.bucket}/${opts.prefix}`;
    // Parts of 8 MB, several in flight, as the aws command line: a 40 MB PDF goes up as five
    // parallel parts instead of three (the parts' SHA-256s are computed at this size too).
    this.partSize = Math.max(MIN_PART, Math.min(opts.multipartThresholdBytes, opts.partSizeBytes ?? DEFAULT_PART));
    this.multipartThreshold = opts.multipartThresholdBytes;
    this.partConcurrency = opts.partConcurrency ?? DEFAULT_PART_CONCURRENCY;
    this.client = createS3Client({ ...opts, maxSockets: MAX_SOCKETS }, this.partDigests);
  }

  private fullKey(key: string): string {
    return this.opts.prefix + checkKey(key);
  }

  private where(key: string): string {
    return `s3://${this.opts.bucket}/${this.opts.prefix}${key}`;
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    const fullKey = this.fullKey(key);
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: fullKey, ChecksumMode: 'ENABLED' }));
      return {
        key,
        size: r.ContentLength ?? 0,
        sha256: r.Metadata?.sha256,
        serverChecksumSha256: r.ChecksumSHA256,
        lastModified: r.LastModified,
        retention:
          r.ObjectLockMode && r.ObjectLockRetainUntilDate
            ? { mode: r.ObjectLockMode as 'GOVERNANCE' | 'COMPLIANCE', retainUntil: r.ObjectLockRetainUntilDate }
            : undefined,
      };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw s3Error('HeadObject', this.where(key), err);
    }
  }

  async put(key: string, source: PutSource, opts: PutOptions): Promise<PutResult> {
    if (opts.retention) await this.assertRetentionSupported();
    // Many S3-compatible servers (s3rver, older MinIO and Ceph) ignore If-None-Match on PUT,
    // so look first; sohoa's run lock keeps two sohoa runs from racing for one key.
    if (!opts.knownAbsent && (await this.head(key))) throw new ObjectExistsError(key);
    const multipart = source.bytes === undefined && source.size >= this.multipartThreshold;
    const params: PutObjectCommandInput = {
      Bucket: this.opts.bucket,
      Key: this.fullKey(key),
      ContentType: opts.contentType,
      Metadata: { sha256: source.sha256 },
      ObjectLockMode: opts.retention?.mode,
      ObjectLockRetainUntilDate: opts.retention?.retainUntil,
    };
    const sendChecksum = this.opts.checksum === 'when-supported';
    const reply = multipart
      ? await putInParts(source, params, {
          client: this.client,
          partSize: this.partSize,
          queueSize: this.partConcurrency,
          partDigests: this.partDigests,
          sendChecksum,
          where: this.where(key),
          abort: (uploadId) => this.abortIncompleteUpload({ key, uploadId }),
          signal: opts.signal,
        })
      : await this.putSingle(key, source, params, sendChecksum, opts.signal);
    // The server's reply already proves the bytes when it carries their SHA-256 or MD5 (the
    // ETag); then a HEAD adds nothing. Retention and --verify-upload read still look again.
    // An ETag that disagrees with the MD5 is not proof of damage (encrypted objects have other
    // ETags), but it is a reason to read the object back rather than trust a HEAD.
    const proof = provenByReply(reply, source, multipart);
    const verifiedBy =
      proof !== 'mismatch' && proof !== undefined && !opts.retention && this.opts.verifyUpload !== 'read'
        ? proof
        : await this.confirm(key, source, multipart, opts, proof === 'mismatch');
    return { key, size: source.size, sha256: source.sha256, multipart, verifiedBy };
  }

  private async putSingle(key: string, source: PutSource, params: PutObjectCommandInput, sendChecksum: boolean, signal?: AbortSignal): Promise<Reply> {
    const command = new PutObjectCommand({
      ...params,
      Body: source.bytes ?? createReadStream(source.file!, { highWaterMark: 1 << 20 }),
      ContentLength: source.size,
      ChecksumSHA256: sendChecksum ? hexToBase64(source.sha256) : undefined,
      IfNoneMatch: '*',
    });
    // SigV4 hashes an in-memory body once more unless told its SHA-256, which we already know.
    // (A server that checks it refuses bytes that do not match: one more guard.)
    command.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { headers?: Record<string, string> };
        if (req.headers) req.headers['x-amz-content-sha256'] = source.sha256;
        return next(args);
      },
      { step: 'build', name: 'sohoaKnownPayloadSha256' },
    );
    try {
      return await this.client.send(command, { abortSignal: signal });
    } catch (err) {
      const status = httpStatus(err);
      if (status === 412 || status === 409 || errorName(err) === 'PreconditionFailed') throw new ObjectExistsError(key);
      throw s3Error('PutObject', this.where(key), err);
    }
  }

  /** Confirms what the server holds before anyone trusts it; removes an object that fails. */
  private async confirm(key: string, source: PutSource, multipart: boolean, opts: PutOptions, readBack = false): Promise<VerifiedBy> {
    const head = await this.head(key);
    const problems: string[] = [];
    if (!head) problems.push('it is not there after the upload');
    else {
      if (head.size !== source.size) problems.push(`size ${head.size} instead of ${source.size}`);
      if (head.sha256 !== source.sha256) problems.push(`recorded SHA-256 ${head.sha256 ?? 'missing'}`);
      if (opts.retention && head.retention?.mode !== opts.retention.mode) problems.push(`no ${opts.retention.mode} retention on it`);
    }
    let verifiedBy: VerifiedBy = 'size-and-metadata';
    const serverSum = head?.serverChecksumSha256;
    if (serverSum && problems.length === 0) {
      const expected = !serverSum.includes('-')
        ? hexToBase64(source.sha256)
        : multipart && source.partDigests?.length
          ? compositeChecksum(source.partDigests)
          : undefined;
      if (expected !== undefined) {
        if (expected === serverSum) verifiedBy = 'server-checksum';
        else problems.push(`server checksum ${serverSum} instead of ${expected}`);
      }
    }
    if (problems.length === 0 && (readBack || this.opts.verifyUpload === 'read')) {
      const body = await this.get(key);
      const back = body ? await digestStream(body) : undefined;
      if (back?.sha256 !== source.sha256 || back.size !== source.size) {
        problems.push(`read back ${back?.sha256 ?? 'nothing'} (${back?.size ?? 0} bytes)`);
      } else verifiedBy = 'read-back';
    }
    if (problems.length === 0) return verifiedBy;
    // Ours, just written and unconfirmed: remove it so a re-run starts clean (Object Lock may refuse).
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.fullKey(key) })).catch(() => undefined);
    throw new StorageError(`Upload of ${this.where(key)} did not verify: ${problems.join('; ')}`, {
      hint: 'The server did not store what was sent; check the server, or try --s3-checksum when-required --verify-upload read.',
      file: source.file,
    });
  }

  async get(key: string): Promise<Readable | undefined> {
    const fullKey = this.fullKey(key);
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: fullKey }));
      return r.Body as Readable;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw s3Error('GetObject', this.where(key), err);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.fullKey(key) }));
    } catch (err) {
      if (isNotFound(err)) return;
      throw s3Error('DeleteObject', this.where(key), err);
    }
  }

  async *list(under?: string): AsyncIterable<StoredObject> {
    const prefix = under ? `${this.opts.prefix}${checkKey(under)}/` : this.opts.prefix;
    let token: string | undefined;
    do {
      let r;
      try {
        r = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.opts.bucket, Prefix: prefix, ContinuationToken: token }),
        );
      } catch (err) {
        throw s3Error('ListObjectsV2', this.url, err);
      }
      for (const o of r.Contents ?? []) {
        if (o.Key) yield { key: o.Key.slice(this.opts.prefix.length), size: o.Size ?? 0 };
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  }

  assertRetentionSupported(): Promise<void> {
    this.lockChecked ??= checkObjectLock(this.client, this.opts.bucket, this.url);
    return this.lockChecked;
  }

  listIncompleteUploads(): Promise<IncompleteUpload[]> {
    return listIncompleteUploads(this.client, this.opts.bucket, this.opts.prefix, this.url);
  }

  async abortIncompleteUpload(u: IncompleteUpload): Promise<void> {
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.opts.bucket, Key: this.opts.prefix + u.key, UploadId: u.uploadId }),
      );
    } catch (err) {
      throw s3Error('AbortMultipartUpload', this.where(u.key), err);
    }
  }

  probe(): Promise<void> {
    return probeS3(this.client, this.opts.bucket, this.opts.prefix);
  }

  close(): void {
    this.client.destroy();
  }
}
