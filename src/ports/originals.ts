/**
 * The originals store: every accepted input's bytes, kept under their SHA-256 from ingest on, so
 * later stages never re-read the inbox (which may have changed or vanished). Identical bytes are
 * stored once and referenced by every document and page that uses them. The workspace folder is
 * one implementation; S3 staging for a shared catalog is another.
 */
export interface OriginalsStore {
  /** Where the store is, for messages (a folder or a URL). */
  readonly location: string;
  /**
   * Copies `file` into the store under `sha256`, hashing the bytes as they are copied. Returns
   * the SHA-256 actually copied: a different value means the file changed since it was hashed,
   * and nothing was stored. Already stored: a no-op.
   */
  put(file: string, sha256: string): Promise<{ sha256: string; stored: boolean }>;
  has(sha256: string): Promise<boolean>;
  /**
   * A local file holding the bytes of `sha256`, re-hashed just now. Throws OriginalUnavailable
   * when they are missing or no longer hash to `sha256`.
   */
  localCopy(sha256: string): Promise<string>;
  /**
   * The caller is done with a path `localCopy` returned. Stores that download a fresh copy per
   * call remove it; stores that hand out their own file have no such method.
   */
  release?(local: string): Promise<void>;
}

/** The stored bytes cannot be used: the caller turns this into a rejection naming the input. */
export class OriginalUnavailable extends Error {
  constructor(
    readonly kind: 'missing' | 'hash-mismatch',
    readonly sha256: string,
    readonly actual?: string,
  ) {
    super(kind === 'missing' ? `no stored original with SHA-256 ${sha256}` : `stored original ${sha256} now hashes to ${actual}`);
    this.name = 'OriginalUnavailable';
  }
}
