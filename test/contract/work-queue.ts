import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import { LeaseLostError, type WorkerIdentity } from '../../src/ports/work-queue.js';

const ALL = ['ingested', 'preprocessed', 'ocr', 'pdf', 'classified', 'signed'] as const;
const me = (n: number): WorkerIdentity => ({ workerId: `w${n}-${process.pid}`, host: 'test-host', pid: 1000 + n });

/**
 * The lease contract every catalog engine passes. `open` gives two connections to one empty,
 * migrated catalog (two workers); each test gets a fresh catalog.
 */
export function describeWorkQueueContract(engine: string, open: () => Promise<[SqlCatalog, SqlCatalog]>): void {
  function addDocs(c: SqlCatalog, unit: string | null, n: number, prefix = unit ?? 'x'): number[] {
    return Array.from({ length: n }, (_, i) => c.documents.createDocument({ uid: `${prefix}-${i + 1}`, dossierCode: null, unitCode: unit, part: 'ho-so', name: `${prefix}-${i + 1}.png` }, []).id);
  }

  async function withCatalogs(fn: (a: SqlCatalog, b: SqlCatalog) => Promise<void> | void): Promise<void> {
    const [a, b] = await open();
    try {
      await fn(a, b);
    } finally {
      a.close();
      b.close();
    }
  }

  describe(`work queue contract: ${engine}`, () => {
    it('two claimers never get the same document, and nothing under a live lease is handed out', () =>
      withCatalogs((a, b) => {
        const ids = addDocs(a, '29236', 5);
        expect(a.work.claimable(ALL)).toBe(5);
        const first = a.work.claim(me(1), 3, 60, { stages: ALL }).map((c) => c.doc.id);
        const second = b.work.claim(me(2), 3, 60, { stages: ALL }).map((c) => c.doc.id);
        expect(first).toHaveLength(3);
        expect(second).toHaveLength(2);
        expect([...first, ...second].sort((x, y) => x - y)).toEqual(ids);
        expect(a.work.claim(me(3), 5, 60, { stages: ALL })).toEqual([]);
        expect(a.work.claimable(ALL)).toBe(0);
        const held = b.work.leases();
        expect(held.map((l) => l.documentId).sort((x, y) => x - y)).toEqual(ids);
        expect(held.find((l) => l.documentId === second[0])).toMatchObject({ workerId: me(2).workerId, host: 'test-host', pid: 1002 });
      }));

    it('hands out only pending documents at the requested stages', () =>
      withCatalogs((a) => {
        const [done, rejected, atPdf, fresh] = addDocs(a, '842', 4);
        a.documents.advance(done!, 'archived');
        a.db.prepare(`UPDATE documents SET status = 'done' WHERE id = ?`).run(done);
        a.documents.reject(rejected!, 'bad-magic', 'not an image');
        a.documents.advance(atPdf!, 'pdf');
        expect(a.work.claim(me(1), 10, 60, { stages: ['ingested'] }).map((c) => c.doc.id)).toEqual([fresh]);
        expect(a.work.claim(me(1), 10, 60, { stages: ALL }).map((c) => c.doc.id)).toEqual([atPdf]);
      }));

    it('takes over an expired lease and says whose it was', async () =>
      withCatalogs(async (a, b) => {
        const [id] = addDocs(a, '29236', 1);
        const [mine] = a.work.claim(me(1), 1, 0.3, { stages: ALL });
        expect(mine!.tookOverFrom).toBeUndefined();
        expect(b.work.claim(me(2), 1, 60, { stages: ALL })).toEqual([]);
        await sleep(600);
        const [theirs] = b.work.claim(me(2), 1, 60, { stages: ALL });
        expect(theirs!.doc.id).toBe(id);
        expect(theirs!.tookOverFrom).toMatchObject({ workerId: me(1).workerId, host: 'test-host', pid: 1001 });
      }));

    it('fences out a worker whose lease was taken over: its commit is refused and rolled back', async () =>
      withCatalogs(async (a, b) => {
        const [id] = addDocs(a, '29236', 1);
        const [old] = a.work.claim(me(1), 1, 0.3, { stages: ALL });
        await sleep(600);
        const [now] = b.work.claim(me(2), 1, 60, { stages: ALL });
        expect(now!.doc.id).toBe(id);
        // The old holder tries to commit its stage the way the pipeline does: fence, then advance.
        expect(() =>
          a.transaction(() => {
            a.work.fence(old!.lease, 60);
            a.documents.advance(id!, 'pdf');
          }),
        ).toThrow(LeaseLostError);
        expect(b.documents.get(id!)!.stage).toBe('ingested');
        expect(a.work.renew([old!.lease], 60)).toEqual([old!.lease]);
        // Releasing a lost lease leaves the new holder's alone.
        a.work.release(old!.lease);
        expect(b.work.leases().map((l) => l.workerId)).toEqual([me(2).workerId]);
        b.transaction(() => {
          b.work.fence(now!.lease, 60);
          b.documents.advance(id!, 'pdf');
        });
        expect(a.documents.get(id!)!.stage).toBe('pdf');
      }));

    it('renewing keeps a lease alive past its first expiry; an expired lease nobody took can still commit', async () =>
      withCatalogs(async (a, b) => {
        addDocs(a, '29236', 2);
        const [one, two] = a.work.claim(me(1), 2, 0.4, { stages: ALL });
        await sleep(250);
        expect(a.work.renew([one!.lease], 60)).toEqual([]);
        await sleep(350);
        // `two` expired and nobody claimed it: its holder may still commit (no one else is working on it).
        expect(() => a.work.fence(two!.lease, 60)).not.toThrow();
        expect(b.work.claim(me(2), 2, 60, { stages: ALL })).toEqual([]);
      }));

    it('released documents go to the next claimer at once', () =>
      withCatalogs((a, b) => {
        addDocs(a, '29236', 1);
        const [c] = a.work.claim(me(1), 1, 60, { stages: ALL });
        a.work.release(c!.lease);
        expect(a.work.leases()).toEqual([]);
        expect(b.work.claim(me(2), 1, 60, { stages: ALL }).map((x) => x.doc.id)).toEqual([c!.doc.id]);
      }));

    it('goes round the units: one desk\'s backlog does not starve another\'s', () =>
      withCatalogs((a, b) => {
        addDocs(a, '29236', 6, 'A');
        addDocs(a, '29239', 3, 'B');
        addDocs(a, null, 1, 'N');
        // One at a time, alternately from two workers, as workers finishing documents would.
        const order: string[] = [];
        for (let i = 0; ; i++) {
          const [c] = (i % 2 ? b : a).work.claim(me(i % 2), 1, 60, { stages: ALL });
          if (!c) break;
          order.push(c.doc.uid);
        }
        expect(order).toEqual(['A-1', 'B-1', 'N-1', 'A-2', 'B-2', 'A-3', 'B-3', 'A-4', 'A-5', 'A-6']);
      }));

    it('a claim of several takes every unit\'s first turn before anyone\'s second', () =>
      withCatalogs((a) => {
        addDocs(a, '29236', 5, 'A');
        addDocs(a, '29239', 2, 'B');
        expect(a.work.claim(me(1), 5, 60, { stages: ALL }).map((c) => c.doc.uid)).toEqual(['A-1', 'B-1', 'A-2', 'B-2', 'A-3']);
      }));
  });
}
