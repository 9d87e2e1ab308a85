import { describe, expect, it } from 'vitest';
import { runDocuments, type RunnerOptions } from '../../src/pipeline/runner.js';
import { runnerFixture, tick } from '../helpers/runner-fixture.js';
import type { DocumentRecord } from '../../src/ports/document-store.js';
import { ExitCode } from '../../src/errors.js';
import { OutageGate } from '../../src/pipeline/outage.js';
import { CatalogUnavailableError } from '../../src/adapters/postgres/db.js';
import { LeaseLostError } from '../../src/ports/work-queue.js';
import { s3Error } from '../../src/adapters/store/s3-errors.js';

// The runner as workers use it: documents pulled from a claim source, outages, lost leases (faults injected).
function setup(n: number, handler: (doc: DocumentRecord, step: string) => Promise<void>, extra: Partial<RunnerOptions> = {}) {
  const ended: string[] = [];
  const s = runnerFixture(n, handler, { maxInFlight: 2, onDocumentEnd: (d) => ended.push(`${d.uid}@${d.stage}`), ...extra });
  return { ...s, ended };
}


describe('runDocuments with claimed work', () => {
  it('pulls the next document only when a slot is free, and ends each one it started', async () => {
    let inFlight = 0;
    let most = 0;
    const s = setup(6, async (_doc, step) => {
      if (step === 'ocr') most = Math.max(most, inFlight);
      await tick();
    });
    const pulled: number[] = [];
    async function* source() {
      for (const d of s.docs.values()) {
        inFlight += 1;
        pulled.push(d.id);
        yield { ...d };
      }
    }
    s.opts.onDocumentEnd = (d) => {
      inFlight -= 1;
      s.ended.push(`${d.uid}@${d.stage}`);
    };
    const sum = await runDocuments(source(), s.opts);
    expect(sum.documents).toMatchObject({ total: 6, done: 6 });
    expect(most).toBeLessThanOrEqual(2);
    expect(s.ended.sort()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `doc-${i}@archived`));
  });

  it('waits out a catalog outage and redoes the step that failed', async () => {
    let failures = 2;
    const s = setup(2, async (doc, step) => {
      await tick();
      if (doc.id === 1 && step === 'sign' && failures-- > 0) throw new CatalogUnavailableError('The catalog is unavailable: ECONNREFUSED');
    });
    const sum = await runDocuments(Object.values(Object.fromEntries(s.docs)), { ...s.opts, gate: new OutageGate(60_000, s.opts.events, 10) });
    expect(sum.documents).toMatchObject({ done: 2, rejected: 0 });
    expect(sum.exitCode).toBe(ExitCode.Ok);
    expect(s.events.filter((e) => e.type === 'outage')).toHaveLength(2);
    expect(s.events.filter((e) => e.type === 'recovered').length).toBeGreaterThanOrEqual(1);
    expect(s.events.at(-2)).toMatchObject({ type: 'document-done' });
  });

  it('stops with exit 5 when the object store stays away longer than the limit, though the catalog answers', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
    const s = setup(1, async (_doc, step) => {
      await tick();
      if (step === 'archive') throw s3Error('PutObject', 's3://archive/k', refused);
    });
    await expect(runDocuments([...s.docs.values()], { ...s.opts, gate: new OutageGate(30, s.opts.events, 10) })).rejects.toMatchObject({ exitCode: ExitCode.Storage });
    expect(s.ended).toEqual(['doc-1@signed']);
    expect(s.events.filter((e) => e.type === 'outage').every((e) => e.type === 'outage' && e.what === 'object-store')).toBe(true);
  });

  it('leaves a document whose lease was lost to the other worker: neither done nor rejected, and the batch goes on', async () => {
    const s = setup(3, async (doc, step) => {
      await tick();
      if (doc.id === 2 && step === 'classify') throw new LeaseLostError(2, 'Lost the lease on document 2 to worker w2');
    });
    const sum = await runDocuments([...s.docs.values()], s.opts);
    expect(sum.documents).toMatchObject({ total: 3, done: 2, rejected: 0, pending: 1 });
    expect(sum.exitCode).toBe(ExitCode.Ok);
    expect(s.events.find((e) => e.type === 'lease-lost')).toMatchObject({ document: 'doc-2' });
    expect(s.ended).toContain('doc-2@pdf');
  });
});
