import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compositeChecksum, digestBytes, digestStream, multipartEtag } from '../../../src/adapters/store/hash.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest();
const md5 = (b: Buffer) => createHash('md5').update(b).digest();

describe('digests', () => {
  const data = randomBytes(2_500_000);
  // odd chunk sizes, so parts straddle chunks
  const chunks = () => Readable.from([data.subarray(0, 333_333), data.subarray(333_333, 1_900_001), data.subarray(1_900_001)]);

  it('hashes the whole and each part in one pass, parts split where S3 splits them', async () => {
    const d = await digestStream(chunks(), 1_000_000, true);
    const parts = [data.subarray(0, 1_000_000), data.subarray(1_000_000, 2_000_000), data.subarray(2_000_000)];
    expect(d.sha256).toBe(sha(data).toString('hex'));
    expect(d.size).toBe(data.length);
    expect(d.partDigests).toEqual(parts.map(sha));
    expect(d.md5).toBe(md5(data).toString('hex'));
    expect(d.partMd5s).toEqual(parts.map(md5));
    expect(compositeChecksum(d.partDigests)).toBe(`${createHash('sha256').update(Buffer.concat(parts.map(sha))).digest('base64')}-3`);
    expect(multipartEtag(d.partMd5s)).toMatch(/^[0-9a-f]{32}-3$/);
  });

  it('skips the MD5s unless asked, and agrees with the in-memory digest', async () => {
    const d = await digestStream(chunks());
    expect(d.md5).toBeUndefined();
    expect(d.partDigests).toEqual([]);
    expect(digestBytes(data)).toMatchObject({ sha256: d.sha256, size: d.size, md5: md5(data).toString('hex') });
  });
});
