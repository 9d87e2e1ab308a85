import { describe, expect, it } from 'vitest';
import type { Catalog, DossierRow } from '../../src/ports/catalog.js';
import type { OverviewStore } from '../../src/ports/overview.js';
import type { SqlDb } from '../../src/adapters/sql/db.js';
import type { ReviewStore } from '../../src/ports/review-catalog.js';
import { describeCatalogGateContract } from './catalog-gate.js';

/** What both engines' SqlCatalog offer: the Catalog port plus the review gate and the overview. */
/** `db` is there for the few checks that need a raw statement (two columns changed by one UPDATE). */
export type ContractCatalog = Catalog & { readonly review: ReviewStore; readonly overview: OverviewStore; readonly db: SqlDb };
export type OpenCatalog = () => Promise<ContractCatalog> | ContractCatalog;

/**
 * The catalog contract every engine passes (SQLite and PostgreSQL). `open` gives an empty catalog
 * at the current schema. Results are compared whole (toEqual), so a value that comes back as a
 * string instead of a number, or 0/1 instead of a boolean, fails here rather than in a report.
 */
export function describeCatalogContract(engine: string, open: OpenCatalog, schemaVersion: number): void {
  async function using<T>(fn: (c: ContractCatalog) => T | Promise<T>): Promise<T> {
    const c = await open();
    try {
      return await fn(c);
    } finally {
      c.close();
    }
  }
  const stamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

  describe(`catalog contract: ${engine}`, () => {
    it('units: upsert by (code, validFrom), versions in date order, end of validity, mappings', () =>
      using((c) => {
        const a = c.units.upsert({ code: '842', name: 'Huyện Càng Long', type: 'Huyện', level: 'district', parentCode: '84', validFrom: '0000-01-01', validTo: '9999-12-31' });
        expect(a).toEqual({ id: expect.any(Number), created: true });
        const again = c.units.upsert({ code: '842', name: 'Huyện Càng Long (mới)', type: 'Huyện', level: 'district', parentCode: '84', validFrom: '0000-01-01', validTo: '9999-12-31' });
        expect(again).toEqual({ id: a.id, created: false });
        const b = c.units.upsert({ code: '842', name: 'Xã Càng Long', type: null, level: 'commune', parentCode: null, validFrom: '2025-07-01', validTo: '9999-12-31' });
        const p = c.units.upsert({ code: '84', name: 'Tỉnh Trà Vinh', type: 'Tỉnh', level: 'province', parentCode: null, validFrom: '0000-01-01', validTo: '9999-12-31' });
        c.units.endValidity(a.id, '2025-07-01');
        expect(c.units.versions('842')).toEqual([
          { id: a.id, code: '842', name: 'Huyện Càng Long (mới)', type: 'Huyện', level: 'district', parentCode: '84', validFrom: '0000-01-01', validTo: '2025-07-01' },
          { id: b.id, code: '842', name: 'Xã Càng Long', type: null, level: 'commune', parentCode: null, validFrom: '2025-07-01', validTo: '9999-12-31' },
        ]);
        expect(c.units.all().map((u) => [u.code, u.id])).toEqual([['84', p.id], ['842', a.id], ['842', b.id]]);
        expect(c.units.versions('999')).toEqual([]);
        c.units.addMapping({ oldId: a.id, newId: p.id, effective: '2025-07-01' });
        c.units.addMapping({ oldId: a.id, newId: b.id, effective: '2025-07-01' }); // same key: replaces
        c.units.addMapping({ oldId: p.id, newId: b.id, effective: '2024-01-01' });
        expect(c.units.mappings()).toEqual([
          { oldId: p.id, newId: b.id, effective: '2024-01-01' },
          { oldId: a.id, newId: b.id, effective: '2025-07-01' },
        ]);
      }));

    it('dossiers: upsert says inserted/updated, get gives booleans, a re-import keeps what sohoa recorded', () =>
      using((c) => {
        const unit = c.units.upsert({ code: '842', name: 'Càng Long', type: null, level: 'district', parentCode: null, validFrom: '0000-01-01', validTo: '9999-12-31' });
        const row: DossierRow = {
          code: 'H84.01-250101-0001', procedureCode: '1.004227', unitId: unit.id, unitCode: '842', agency: 'Phòng Tài nguyên và Môi trường',
          receivedDate: '2025-01-01', resolvedDate: null, componentsDigitized: false, resultDigitized: false,
        };
        expect(c.dossiers.upsert(row)).toBe('inserted');
        expect(c.dossiers.get(row.code)).toEqual(row);
        expect(c.dossiers.upsert({ ...row, resolvedDate: '2025-01-09', resultDigitized: true })).toBe('updated');
        expect(c.dossiers.get(row.code)).toEqual({ ...row, resolvedDate: '2025-01-09', resultDigitized: true });
        expect(c.dossiers.get('nope')).toBeUndefined();

        // Seen first in a scan, then digitized by sohoa; the register import that follows keeps the marks.
        c.dossiers.ensureFromScan('H84.01-250102-0002', unit.id, '842', '2025-01-02');
        c.dossiers.ensureFromScan('H84.01-250102-0002', null, 'other', null); // already there: nothing changes
        expect(c.dossiers.get('H84.01-250102-0002')).toMatchObject({ unitId: unit.id, unitCode: '842', receivedDate: '2025-01-02', procedureCode: null });
        c.dossiers.markDigitized('H84.01-250102-0002', 'ho-so');
        c.dossiers.markDigitized('H84.01-250102-0002', 'ket-qua');
        c.dossiers.markSigned('H84.01-250102-0002');
        c.dossiers.markArchived('H84.01-250102-0002');
        c.dossiers.put({ ...row, code: 'H84.01-250102-0002', receivedDate: '2025-01-02', resolvedDate: null });
        c.dossiers.put({ ...row, code: 'H84.01-250301-0003', receivedDate: '2025-03-01', componentsDigitized: true });
        c.dossiers.ensureFromScan('NO-UNIT-1', null, '999', null);
        expect(c.dossiers.count()).toBe(4);

        expect(c.dossiers.receivedRange({})).toEqual({ min: '2025-01-01', max: '2025-03-01' });
        expect(c.dossiers.receivedRange({ from: '2025-01-02', to: '2025-02-28' })).toEqual({ min: '2025-01-02', max: '2025-01-02' });
        expect(c.dossiers.receivedRange({ from: '2026-01-01' })).toBeUndefined();

        expect(c.dossiers.figuresByUnit({})).toEqual([
          // sohoa's marks count (components, result issued and digitized by sohoa, signed, archived); the unit-less dossier does not.
          { unitId: unit.id, received: 3, componentsDigitized: 2, resultsIssued: 2, resultsDigitized: 2, signed: 1, archived: 1 },
        ]);
        expect(c.dossiers.figuresByUnit({ from: '2025-02-01' })).toEqual([
          { unitId: unit.id, received: 1, componentsDigitized: 1, resultsIssued: 0, resultsDigitized: 0, signed: 0, archived: 0 },
        ]);
        expect(c.dossiers.figuresByUnit({ to: '2024-12-31' })).toEqual([]);
      }));

    it('dossiers: figures per unit over several units, numbers not strings', () =>
      using((c) => {
        const ids = ['1', '2', '3'].map((n) => c.units.upsert({ code: n, name: n, type: null, level: 'commune', parentCode: null, validFrom: '0000-01-01', validTo: '9999-12-31' }).id);
        let k = 0;
        for (const [i, id] of ids.entries()) {
          for (let j = 0; j <= i; j++) {
            c.dossiers.put({ code: `D-${++k}`, procedureCode: null, unitId: id, unitCode: String(i + 1), agency: null, receivedDate: '2025-05-05', resolvedDate: j ? '2025-05-06' : null, componentsDigitized: true, resultDigitized: j > 0 });
          }
        }
        const figures = c.dossiers.figuresByUnit({}).sort((a, b) => a.unitId - b.unitId);
        expect(figures).toEqual([
          { unitId: ids[0], received: 1, componentsDigitized: 1, resultsIssued: 0, resultsDigitized: 0, signed: 0, archived: 0 },
          { unitId: ids[1], received: 2, componentsDigitized: 2, resultsIssued: 1, resultsDigitized: 1, signed: 0, archived: 0 },
          { unitId: ids[2], received: 3, componentsDigitized: 3, resultsIssued: 2, resultsDigitized: 2, signed: 0, archived: 0 },
        ]);
        for (const f of figures) for (const v of Object.values(f)) expect(typeof v).toBe('number');
      }));

    it('runs: start, finish with a JSON summary, newest first', () =>
      using((c) => {
        const first = c.runs.start('run', 4242);
        c.runs.finish(first, 0, { documents: 3, pages: 12, note: 'Đã lưu trữ', nested: { ok: true, ratio: 0.5 } });
        const second = c.runs.start('fixity', 77);
        expect(second).toBeGreaterThan(first);
        expect(c.runs.recent(10)).toEqual([
          { id: second, command: 'fixity', pid: 77, startedAt: stamp, finishedAt: null, exitCode: null, summary: null },
          { id: first, command: 'run', pid: 4242, startedAt: stamp, finishedAt: stamp, exitCode: 0, summary: { documents: 3, pages: 12, note: 'Đã lưu trữ', nested: { ok: true, ratio: 0.5 } } },
        ]);
        expect(c.runs.recent(1).map((r) => r.id)).toEqual([second]);
        c.runs.finish(second, 4, null);
        expect(c.runs.recent(1)[0]).toMatchObject({ exitCode: 4, summary: null });
      }));

    it('inputs and documents: shared inputs, versions, SHA-256 lookups, a 5 GB size', () =>
      using((c) => {
        const big = 5 * 1024 ** 3;
        const i1 = c.documents.addInput({ path: 'inbox/842/HS-1/ho-so/p1.tif', sha256: 'a'.repeat(64), size: big, mtimeMs: 1_733_000_000_123, status: 'registered' });
        const i2 = c.documents.addInput({ path: 'inbox/842/HS-1/ho-so/p2.tif', sha256: 'b'.repeat(64), size: 10, mtimeMs: null, status: 'registered' });
        const i3 = c.documents.addInput({ path: 'inbox/842/HS-1/ho-so/bad.tif', sha256: 'c'.repeat(64), size: 0, mtimeMs: 1, status: 'rejected', reason: 'unreadable', message: 'Tệp hỏng' });
        expect(typeof i1).toBe('number');
        expect(c.documents.inputByPathAndSha('inbox/842/HS-1/ho-so/p1.tif', 'a'.repeat(64))).toEqual({
          id: i1, path: 'inbox/842/HS-1/ho-so/p1.tif', sha256: 'a'.repeat(64), size: big, mtimeMs: 1_733_000_000_123, status: 'registered',
          reason: null, message: null, duplicateOf: null, documentId: null, seenAt: stamp,
        });
        expect(c.documents.inputByPathAndSha('inbox/842/HS-1/ho-so/p1.tif', 'b'.repeat(64))).toBeUndefined();
        const copy = c.documents.addInput({ path: 'inbox/842/HS-2/ho-so/p1.tif', sha256: 'a'.repeat(64), size: big, mtimeMs: null, status: 'registered' });
        expect(c.documents.inputWithSha('a'.repeat(64), 'inbox/842/HS-2/ho-so/p1.tif')?.id).toBe(i1);
        expect(c.documents.inputWithSha('a'.repeat(64), 'inbox/842/HS-1/ho-so/p1.tif')?.id).toBe(copy);
        expect(c.documents.inputWithSha('b'.repeat(64), 'inbox/842/HS-1/ho-so/p2.tif')).toBeUndefined();

        const d1 = c.documents.createDocument({ uid: 'u-1', dossierCode: 'HS-1', unitCode: '842', part: 'ho-so', name: 'Đơn đề nghị' }, [i1, i2]);
        expect(d1).toEqual({
          id: expect.any(Number), uid: 'u-1', dossierCode: 'HS-1', unitCode: '842', part: 'ho-so', name: 'Đơn đề nghị', stage: 'ingested', status: 'pending',
          reason: null, message: null, pageCount: null, workDir: null, pdfSha256: null, createdAt: stamp, updatedAt: stamp, version: 1, previousId: null,
        });
        // The same page shared by a second document: the input keeps its first document, both documents list it.
        const d2 = c.documents.createDocument({ uid: 'u-2', dossierCode: 'HS-2', unitCode: '842', part: 'ho-so', name: 'Bản sao' }, [i2, copy]);
        expect(c.documents.inputsOf(d2.id).map((i) => [i.id, i.documentId])).toEqual([[i2, d1.id], [copy, d2.id]]);
        expect(c.documents.inputFiles(d1.id)).toEqual(['inbox/842/HS-1/ho-so/p1.tif', 'inbox/842/HS-1/ho-so/p2.tif']);
        expect(c.documents.inputFiles(999_999)).toEqual([]);

        const v2 = c.documents.createDocument({ uid: 'u-1b', dossierCode: 'HS-1', unitCode: '842', part: 'ho-so', name: 'Đơn đề nghị', version: 2, previousId: d1.id }, []);
        expect(c.documents.latestVersion('HS-1', 'ho-so', 'Đơn đề nghị')).toEqual({ ...v2, version: 2, previousId: d1.id });
        expect(c.documents.latestVersion('HS-1', 'ket-qua', 'Đơn đề nghị')).toBeUndefined();
        expect(c.documents.byUid('u-2')).toEqual(d2);
        expect(c.documents.get(d2.id)).toEqual(d2);
        expect(c.documents.get(999_999)).toBeUndefined();

        c.documents.markInputRegistered(i3);
        expect(c.documents.inputs().map((i) => [i.id, i.status, i.reason, i.message])).toEqual([
          [i1, 'registered', null, null], [i2, 'registered', null, null], [i3, 'registered', null, null], [copy, 'registered', null, null],
        ]);
        expect(c.documents.all().map((d) => d.uid)).toEqual(['u-1', 'u-2', 'u-1b']);
      }));

    it('documents: pending by stage, advance keeps what a stage did not set, reject cascades, setStatus', () =>
      using((c) => {
        const i1 = c.documents.addInput({ path: 'a.tif', sha256: '1'.repeat(64), size: 1, mtimeMs: null, status: 'registered' });
        const i2 = c.documents.addInput({ path: 'b.tif', sha256: '2'.repeat(64), size: 1, mtimeMs: null, status: 'rejected', reason: 'low-dpi', message: 'first reason' });
        const a = c.documents.createDocument({ uid: 'a', dossierCode: null, unitCode: null, part: null, name: 'a' }, [i1, i2]);
        const b = c.documents.createDocument({ uid: 'b', dossierCode: null, unitCode: null, part: null, name: 'b' }, []);
        const r = c.documents.createDocument({ uid: 'r', dossierCode: null, unitCode: null, part: null, name: 'r', status: 'rejected', reason: 'empty', message: 'no pages' }, []);
        expect(c.documents.get(r.id)).toMatchObject({ status: 'rejected', reason: 'empty', message: 'no pages' });
        c.documents.advance(a.id, 'preprocessed', { pageCount: 2, workDir: 'work/a' });
        c.documents.advance(a.id, 'ocr');
        c.documents.advance(a.id, 'pdf', { pdfSha256: 'f'.repeat(64) });
        expect(c.documents.get(a.id)).toMatchObject({ stage: 'pdf', pageCount: 2, workDir: 'work/a', pdfSha256: 'f'.repeat(64), status: 'pending' });
        expect(c.documents.pending().map((d) => d.uid)).toEqual(['a', 'b']);
        expect(c.documents.pending('pdf').map((d) => d.uid)).toEqual(['a']);
        expect(c.documents.pending('ingested').map((d) => d.uid)).toEqual(['b']);
        expect(c.documents.pending('signed')).toEqual([]);

        c.documents.reject(a.id, 'ocr-failed', 'Tesseract gave up');
        expect(c.documents.get(a.id)).toMatchObject({ status: 'rejected', reason: 'ocr-failed', message: 'Tesseract gave up', stage: 'pdf' });
        // An input that already had a reason keeps it.
        expect(c.documents.inputsOf(a.id).map((i) => [i.status, i.reason, i.message])).toEqual([
          ['rejected', 'ocr-failed', 'Tesseract gave up'],
          ['rejected', 'low-dpi', 'first reason'],
        ]);
        c.documents.setStatus(a.id, 'pending', null, null);
        expect(c.documents.get(a.id)).toMatchObject({ status: 'pending', reason: null, message: null });
        c.documents.setStatus(b.id, 'skipped', 'duplicate-scan', 'skipped by Lan');
        expect(c.documents.get(b.id)).toMatchObject({ status: 'skipped', reason: 'duplicate-scan', message: 'skipped by Lan' });
        expect(c.documents.pending().map((d) => d.uid)).toEqual(['a']);
      }));

    it('pages and words round-trip: booleans, floats, Vietnamese text; saving again replaces them', () =>
      using((c) => {
        const d = c.documents.createDocument({ uid: 'p', dossierCode: 'HS-1', unitCode: '842', part: 'ket-qua', name: 'Quyết định' }, []);
        const words = [
          { text: 'Quyết', confidence: 96.5, line: 0, bbox: { x0: 10, y0: 20, x1: 110, y1: 52 } },
          { text: 'định', confidence: 91.25, line: 0, bbox: { x0: 120, y0: 20, x1: 190, y1: 52 } },
          { text: 'Nguyễn', confidence: 42, line: 1, bbox: { x0: 10, y0: 70, x1: 130, y1: 101 } },
        ];
        c.documents.savePages(d.id, [
          { pageNo: 1, width: 2480, height: 3508, dpi: 299.5, rotation: 90, skew: -0.37, blank: false, lowDpi: true, text: 'Quyết định\nNguyễn', confidence: 87.25, wordsPath: 'work/p/1.json', words },
          { pageNo: 2, width: 2480, height: 3508, dpi: 300, rotation: 0, skew: 0, blank: true, lowDpi: false, text: '', confidence: 0, wordsPath: null },
        ]);
        expect(c.documents.pages(d.id)).toEqual([
          { pageNo: 1, width: 2480, height: 3508, dpi: 299.5, rotation: 90, skew: -0.37, blank: false, lowDpi: true, text: 'Quyết định\nNguyễn', confidence: 87.25, wordsPath: 'work/p/1.json' },
          { pageNo: 2, width: 2480, height: 3508, dpi: 300, rotation: 0, skew: 0, blank: true, lowDpi: false, text: '', confidence: 0, wordsPath: null },
        ]);
        expect(c.documents.pageWords(d.id, 1)).toEqual(words);
        expect(c.documents.pageWords(d.id, 2)).toEqual([]);
        // A NUL from a broken PDF font: PostgreSQL text cannot hold it, so it is dropped on both engines.
        const nul = [{ text: 'Đ\0ơn', confidence: 50, line: 0, bbox: { x0: 0, y0: 0, x1: 1, y1: 1 } }];
        c.documents.savePages(d.id, [{ pageNo: 1, width: 1, height: 1, dpi: 72, rotation: 0, skew: 0, blank: false, lowDpi: true, text: 'Đ\0ơn', confidence: 10, wordsPath: null, words: nul }]);
        expect(c.documents.pages(d.id).map((p) => [p.pageNo, p.text])).toEqual([[1, 'Đơn']]);
        expect(c.documents.pageWords(d.id, 1).map((w) => w.text)).toEqual(['Đơn']);
        expect(c.documents.pageWords(d.id, 2)).toEqual([]);
        c.documents.savePages(d.id, []);
        expect([c.documents.pages(d.id), c.documents.pageWords(d.id, 1)]).toEqual([[], []]);
      }));

    it('transactions: a throw rolls everything back; a nested one joins the outer; begin/rollback by hand', () =>
      using((c) => {
        const boom = new Error('boom');
        expect(() =>
          c.transaction(() => {
            c.units.upsert({ code: 'X', name: 'X', type: null, level: 'commune', parentCode: null, validFrom: '0000-01-01', validTo: '9999-12-31' });
            c.documents.createDocument({ uid: 'tx', dossierCode: null, unitCode: null, part: null, name: 'tx' }, []);
            c.transaction(() => c.dossiers.ensureFromScan('TX-1', null, 'X', null));
            throw boom;
          }),
        ).toThrow(boom);
        expect([c.units.all(), c.documents.all(), c.dossiers.count()]).toEqual([[], [], 0]);

        const out = c.transaction(() => {
          c.dossiers.ensureFromScan('TX-2', null, 'X', null);
          return c.transaction(() => (c.dossiers.ensureFromScan('TX-3', null, 'X', null), 'inner'));
        });
        expect(out).toBe('inner');
        expect(c.dossiers.count()).toBe(2);

        // An inner transaction that fails and is caught undoes only its own writes (a savepoint).
        c.transaction(() => {
          c.dossiers.ensureFromScan('TX-4', null, 'X', null);
          expect(() => c.transaction(() => (c.dossiers.ensureFromScan('TX-5', null, 'X', null), (() => { throw boom; })()))).toThrow(boom);
        });
        expect([c.dossiers.get('TX-4')?.code, c.dossiers.get('TX-5')]).toEqual(['TX-4', undefined]);

        // The streaming import's way: begin … rollback, and begin … (a transaction inside) … commit.
        c.begin();
        c.dossiers.ensureFromScan('TX-6', null, 'X', null);
        c.rollback();
        expect(c.dossiers.get('TX-6')).toBeUndefined();
        c.begin();
        c.dossiers.ensureFromScan('TX-7', null, 'X', null);
        c.transaction(() => c.dossiers.ensureFromScan('TX-8', null, 'X', null));
        c.rollback();
        expect([c.dossiers.get('TX-7'), c.dossiers.get('TX-8')]).toEqual([undefined, undefined]);
        c.begin();
        c.dossiers.ensureFromScan('TX-9', null, 'X', null);
        c.commit();
        c.rollback(); // nothing open: a no-op
        expect(c.dossiers.get('TX-9')?.code).toBe('TX-9');
      }));

    it(`is at schema version ${schemaVersion}`, () => using((c) => expect(c.schemaVersion()).toBe(schemaVersion)));
  });

  describeCatalogGateContract(engine, using);
}
