import { ConfigError, StorageError, type SohoaError } from '../../errors.js';

interface SdkError {
  name?: string;
  message?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

export function httpStatus(err: unknown): number | undefined {
  return (err as SdkError)?.$metadata?.httpStatusCode;
}

export function errorName(err: unknown): string {
  const e = err as SdkError;
  return e?.name ?? e?.Code ?? e?.code ?? 'Error';
}

export function isNotFound(err: unknown): boolean {
  const name = errorName(err);
  return httpStatus(err) === 404 || name === 'NotFound' || name === 'NoSuchKey';
}

export function isNotImplemented(err: unknown): boolean {
  const name = errorName(err);
  return httpStatus(err) === 501 || name === 'NotImplemented' || name === 'MethodNotAllowed' || httpStatus(err) === 405;
}

const CREDENTIAL_ERRORS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'ExpiredToken', 'InvalidToken', 'Forbidden']);

/**
 * Turns an SDK error into sohoa's: no credentials at all is configuration (exit 3); credentials
 * the server refuses (HTTP 403) and anything else is storage (exit 5). The SDK's messages never contain the secret key, so they can be shown.
 */
export function s3Error(action: string, where: string, err: unknown): SohoaError {
  const name = errorName(err);
  const status = httpStatus(err);
  const detail = `${name}${status ? ` (HTTP ${status})` : ''}: ${(err as SdkError)?.message || 'no message from the server'}`;
  // No credentials at all: configuration (exit 3).
  if (name === 'CredentialsProviderError') {
    return new ConfigError(`S3 ${action} on ${where} failed: ${detail}`, {
      cause: err,
      key: 'storage.s3Failed',
      params: { action, where, detail },
      hintKey: 'storage.s3NoCredentialsHint',
      hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment; sohoa never takes keys from flags.',
    });
  }
  // Credentials the server refuses (HTTP 403): storage (exit 5), and the hint says so.
  if (status === 403 || CREDENTIAL_ERRORS.has(name)) {
    return new StorageError(`S3 ${action} on ${where} was refused: ${detail}`, {
      cause: err,
      key: 'storage.s3Refused',
      params: { action, where, detail },
      hintKey: 'storage.s3RefusedHint',
      hint:
        'The server refused the credentials: check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile (AWS_PROFILE, ~/.aws/credentials), ' +
        'that they belong to this server (--s3-endpoint), and that they may write, read and delete under the archive prefix.',
    });
  }
  return new StorageError(`S3 ${action} on ${where} failed: ${detail}`, {
    cause: err,
    key: 'storage.s3Failed',
    params: { action, where, detail },
    hintKey: name === 'NoSuchBucket' ? 'storage.s3NoBucketHint' : 'storage.s3CheckHint',
    hint:
      name === 'NoSuchBucket'
        ? 'Create the bucket first, or check the bucket name in --archive.'
        : 'Check --s3-endpoint, the network and the server; a re-run resumes where this one stopped.',
  });
}
