import { describe, expect, it } from 'vitest';
import { runDocuments, type RunnerOptions } from '../../src/pipeline/runner.js';
import { runnerFixture, tick } from '../helpers/runner-fixture.js';
import type { DocumentRecord } from '../../src/ports/document-store.js';
import { InputRejectedError, StorageError, ExitCode } from '../../src/errors.js';

// The runner's scheduling and error handling, with step handlers injected to cause faults.
function setup(n: number, handler: (doc: DocumentRecord, step: string) => Promise<void>, extra: Partial<RunnerOptions> = {}) {
  const rejected: string[] = [];
  const s = runnerFixture(n, handler, { reject: (doc, err) => rejected.push(`${doc.uid}:${err.reason}`), ...extra });
  return { ...s, rejected };
}


describe('runDocuments', () => {
  it('takes every document through every step and counts them', async () => {
    const s = setup(5, async () => tick());
    const sum = await runDocuments(s.list(), s.opts);
    expect(sum.documents).toEqual({ total: 5, done: 5, rejected: 0, review: 0, pending: 0 });
    expect([...s.docs.values()].every((d) => d.stage === 'archived')).toBe(true);
    expect(sum.exitCode).toBe(ExitCode.Ok);
  });

  it('rejects a bad document and goes on, ending with exit 2', async () => {
    const s = setup(4, async (doc, step) => {
      await tick();
      if (doc.id === 2 && step === 'ocr') throw new InputRejectedError('bad-magic', 'd2: not an image');
    });
    const sum = await runDocuments(s.list(), s.opts);
    expect(s.rejected).toEqual(['doc-2:bad-magic']);
    expect(sum.documents).toMatchObject({ done: 3, rejected: 1 });
    expect(sum.exitCode).toBe(ExitCode.Rejected);
    expect(s.events.find((e) => e.type === 'document-rejected')).toMatchObject({ reason: 'bad-magic' });
  });

  it('turns an unexpected error in one document into a rejection, not a dead batch', async () => {
    const s = setup(3, async (doc) => {
      if (doc.id === 1) throw new TypeError('boom');
    });
    const sum = await runDocuments(s.list(), s.opts);
    expect(s.rejected).toEqual(['doc-1:failed']);
    expect(sum.documents.done).toBe(2);
  });

  it('stops taking work on a storage failure, finishes what is in flight, and rethrows', async () => {
    let started = 0;
    const s = setup(10, async (doc, step) => {
      if (step === 'ocr') started++;
      await tick();
      if (step === 'archive' && doc.id === 1) throw new StorageError('archive down');
    });
    const err = await runDocuments(s.list(), s.opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(started).toBeLessThan(10);
    expect(s.docs.get(1)!.stage).toBe('signed'); // left for the next run, not rejected
    expect(s.rejected).toEqual([]);
  });

  it('keeps at most maxInFlight documents in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const s = setup(12, async (_doc, step) => {
      if (step === 'ocr') peak = Math.max(peak, ++inFlight);
      await tick();
      if (step === 'archive') inFlight--;
    });
    await runDocuments(s.list(), s.opts);
    expect(peak).toBe(3); // maxInFlight, reached and never passed
    expect(inFlight).toBe(0);
  });

  it('on a signal, abandons documents between steps without rejecting them and exits 130', async () => {
    const s = setup(6, async (doc, step) => {
      await tick();
      if (doc.id === 1 && step === 'classify') {
        s.controller.abort();
        throw new Error('aborted');
      }
    });
    const sum = await runDocuments(s.list(), s.opts);
    expect(sum.exitCode).toBe(ExitCode.Interrupted);
    expect(sum.stoppedBy).toBe('signal');
    expect(s.rejected).toEqual([]);
    expect(s.docs.get(1)!.stage).toBe('pdf');
    expect([...s.docs.values()].some((d) => d.stage !== 'archived')).toBe(true);
  });

  it('honours --limit and a deadline', async () => {
    const s = setup(5, async () => tick());
    const sum = await runDocuments(s.list(), { ...s.opts, limit: 2 });
    expect(sum.documents.total).toBe(2);
    expect(sum.stoppedBy).toBe('limit');
    const t = setup(5, async () => tick());
    const sum2 = await runDocuments(t.list(), { ...t.opts, deadline: Date.now() - 1 });
    expect(sum2.documents.total).toBe(0);
    expect(sum2.stoppedBy).toBe('max-duration');
  });
});
