/**
 * A signing key and its certificate, wherever the key lives (a PKCS#12 file, a PKCS#11
 * token). The private key never leaves the implementation: callers hand it the bytes to
 * sign (the DER of the CMS signed attributes) and get the signature value back.
 */
export type SignerKeyType = 'rsa' | 'ec';

export interface SignerCheckResult {
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** Where the key lives, e.g. `PKCS#12 file agency.p12` or `PKCS#11 token "CA2" key "sign"`. */
  source: string;
}

export interface SignerCheckOptions {
  /** Accept a certificate that is expired or not yet valid at `at`. */
  allowExpired?: boolean;
  /** The time to check validity at (default: now). */
  at?: Date;
}

export interface Signer {
  /** DER of the signer certificate. */
  readonly certificate: Buffer;
  /** DER of the other certificates of the chain (intermediates, root), nearest first. */
  readonly chain: Buffer[];
  readonly keyType: SignerKeyType;
  /** Upper bound of the signature value's length in bytes, for sizing the placeholder. */
  readonly maxSignatureLength: number;
  /**
   * Signs `data` with SHA-256: RSA PKCS#1 v1.5, or ECDSA with a DER-encoded signature.
   * Throws SigningError.
   */
  sign(data: Buffer): Promise<Buffer>;
  /**
   * Start-up check: the key is usable and the certificate valid. Cheap enough to run before
   * a nightly batch so that it fails fast. Throws SigningError.
   */
  check(opts?: SignerCheckOptions): Promise<SignerCheckResult>;
  /** Logs out and releases the token or key. Safe to call twice. */
  close(): Promise<void>;
}
