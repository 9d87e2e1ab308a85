import { describe, expect, it } from 'vitest';
import { CatalogUnavailableError } from '../../src/adapters/postgres/db.js';
import { s3Error } from '../../src/adapters/store/s3-errors.js';
import { StorageError } from '../../src/errors.js';
import type { PipelineEvent } from '../../src/pipeline/events.js';
import { OutageGate, outageOf } from '../../src/pipeline/outage.js';

describe('outages', () => {
  it('tells an outage (catalog away, S3 unreachable or 5xx) from a fault that waiting would not fix', () => {
    expect(outageOf(new CatalogUnavailableError('The catalog postgres://db/sohoa is unavailable: ECONNREFUSED'))).toBe('catalog');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
    expect(outageOf(s3Error('PutObject', 's3://a/k', refused))).toBe('object-store');
    expect(outageOf(s3Error('GetObject', 's3://a/k', { name: 'ServiceUnavailable', message: 'slow down', $metadata: { httpStatusCode: 503 } }))).toBe('object-store');
    // Refused credentials, a missing bucket, a conflict at a key, a bug: not outages.
    expect(outageOf(s3Error('PutObject', 's3://a/k', { name: 'AccessDenied', message: 'no', $metadata: { httpStatusCode: 403 } }))).toBeUndefined();
    expect(outageOf(s3Error('PutObject', 's3://a/k', { name: 'NoSuchBucket', message: 'no', $metadata: { httpStatusCode: 404 } }))).toBeUndefined();
    expect(outageOf(new StorageError('Expected s3://a/k to be absent or to hold SHA-256 …'))).toBeUndefined();
    expect(outageOf(new Error('boom'))).toBeUndefined();
  });

  it('retries through an outage, says so, and says when it is over', async () => {
    const seen: PipelineEvent[] = [];
    const gate = new OutageGate(60_000, (e) => seen.push(e), 20);
    let calls = 0;
    const out = await gate.retry(() => {
      if (++calls < 3) throw new CatalogUnavailableError('away');
      return 'back';
    });
    expect(out).toBe('back');
    expect(calls).toBe(3);
    expect(seen.map((e) => e.type)).toEqual(['outage', 'outage', 'recovered']);
    expect(seen[0]).toMatchObject({ type: 'outage', what: 'catalog', message: 'away' });
    expect(gate.down).toBe(false);
  });

  it('gives up with the original error once the outage outlasts the limit; other errors pass through at once', async () => {
    const gate = new OutageGate(0, () => undefined, 5);
    const err = new CatalogUnavailableError('still away');
    let calls = 0;
    await expect(
      gate.retry(() => {
        calls++;
        throw err;
      }),
    ).rejects.toBe(err);
    expect(calls).toBeGreaterThanOrEqual(1);
    await expect(gate.retry(() => Promise.reject(new Error('a bug')))).rejects.toThrow('a bug');
  });
});
