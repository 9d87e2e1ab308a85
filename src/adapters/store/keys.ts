import { UsageError } from '../../errors.js';

/** Rejects keys that could escape the store's prefix or that S3 and file systems disagree on. */
export function checkKey(key: string): string {
  const bad =
    key.length === 0 ||
    key.length > 900 ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    key.split('/').some((seg) => seg === '' || seg === '.' || seg === '..' || seg.startsWith('.'));
  if (bad) {
    throw new UsageError(`Expected a relative object key without empty, dot or hidden segments, got "${key}"`, {
      hint: 'Check archiveKeyTemplate in the config: every placeholder must resolve to a non-empty name.',
    });
  }
  return key;
}
