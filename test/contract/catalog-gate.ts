import { describe, expect, it } from 'vitest';
import { STAGES, type Stage } from '../../src/domain/document-state.js';
import type { NewArchivedObject } from '../../src/ports/archive-catalog.js';
import type { ClassificationInput } from '../../src/ports/classification-catalog.js';
import type { ContractCatalog } from './catalog.js';

type Using = <T>(fn: (c: ContractCatalog) => T | Promise<T>) => Promise<T>;

const STORE = 's3://luu-tru/tra-vinh';
const stamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

const object = (key: string, sha: string, size: number): NewArchivedObject => ({
  key, sha256: sha.repeat(64), size, verifiedBy: 'server-checksum', retentionMode: 'COMPLIANCE', retainUntil: '2035-01-01T00:00:00.000Z',
});

/** Moves a document stage by stage, as the pipeline does (each stage logs its event). */
function advanceTo(c: ContractCatalog, id: number, stage: Stage): void {
  const from = STAGES.indexOf(c.documents.get(id)!.stage);
  for (const s of STAGES.slice(from + 1, STAGES.indexOf(stage) + 1)) c.documents.advance(id, s);
}

const machine = (type: string, confidence: number, needsReview: boolean): ClassificationInput => ({
  type, confidence, needsReview, alternatives: [{ type, confidence }, { type: 'khac', confidence: 0.125 }], metadata: { soHieu: '12/QĐ-UBND', ngay: '2025-01-09' },
});

/** The archive, classification, review-gate and overview parts of the catalog contract (see ./catalog.ts). */
export function describeCatalogGateContract(engine: string, using: Using): void {
  describe(`catalog contract: ${engine}: archive, classification, review, overview`, () => {
    it('archive: records a document and its sidecar, finds them, lists since a date, versions sidecars', () =>
      using((c) => {
        const d = c.documents.createDocument({ uid: 'arc-1', dossierCode: 'HS-1', unitCode: '842', part: 'ket-qua', name: 'qd' }, []);
        const big = 5 * 1024 ** 3;
        c.archive.recordDocument({ storeUrl: STORE, documentUid: 'arc-1', object: object('842/HS-1/arc-1.pdf', 'a', big), sidecar: object('842/HS-1/arc-1.json', 'b', 900) });
        const pdf = {
          storeUrl: STORE, key: '842/HS-1/arc-1.pdf', kind: 'document', documentUid: 'arc-1', sha256: 'a'.repeat(64), size: big, verifiedBy: 'server-checksum',
          retentionMode: 'COMPLIANCE', retainUntil: '2035-01-01T00:00:00.000Z', archivedAt: stamp, lastAuditStatus: null, version: 1,
        };
        expect(c.archive.find(STORE, '842/HS-1/arc-1.pdf')).toEqual(pdf);
        expect(c.archive.findDocument(STORE, 'arc-1')).toEqual(pdf);
        expect(c.archive.findDocument('file:///elsewhere', 'arc-1')).toBeUndefined();
        expect(c.archive.find(STORE, 'missing')).toBeUndefined();
        expect(c.overview.show(String(d.id))).toMatchObject({ archiveKey: '842/HS-1/arc-1.pdf', archivedAt: stamp });
        // Recording again (a retried step) updates in place.
        c.archive.recordDocument({ storeUrl: STORE, documentUid: 'arc-1', object: { ...object('842/HS-1/arc-1.pdf', 'c', 7), retentionMode: null, retainUntil: null }, sidecar: object('842/HS-1/arc-1.json', 'b', 900) });
        expect(c.archive.find(STORE, '842/HS-1/arc-1.pdf')).toMatchObject({ sha256: 'c'.repeat(64), size: 7, retentionMode: 'COMPLIANCE' });
        expect(c.archive.count(STORE)).toBe(2);
        expect(c.archive.count('file:///elsewhere')).toBe(0);
        expect(c.archive.objects(STORE).map((o) => [o.key, o.kind])).toEqual([['842/HS-1/arc-1.json', 'sidecar'], ['842/HS-1/arc-1.pdf', 'document']]);
        expect(c.archive.objects(STORE, { since: '2000-01-01' })).toHaveLength(2);
        // Byte order, as SQLite sorts, whatever collation a PostgreSQL database was created with.
        c.documents.createDocument({ uid: 'arc-2', dossierCode: null, unitCode: null, part: null, name: 'x' }, []);
        c.archive.recordDocument({ storeUrl: 'file:///kho', documentUid: 'arc-2', object: object('b.pdf', 'a', 1), sidecar: object('Đ.json', 'b', 1) });
        c.archive.recordSidecarVersion('file:///kho', 'arc-2', object('B.json', 'c', 1), 2);
        c.archive.recordSidecarVersion('file:///kho', 'arc-2', object('a_b.json', 'c', 1), 3);
        c.archive.recordSidecarVersion('file:///kho', 'arc-2', object('a-b.json', 'c', 1), 4);
        expect(c.archive.objects('file:///kho').map((o) => o.key)).toEqual(['B.json', 'a-b.json', 'a_b.json', 'b.pdf', 'Đ.json']);
        expect(c.archive.objects(STORE, { since: '9999-01-01' })).toEqual([]);

        c.archive.recordSidecarVersion(STORE, 'arc-1', object('842/HS-1/arc-1.v2.json', 'd', 950), 2);
        c.archive.recordSidecarVersion(STORE, 'arc-1', object('842/HS-1/arc-1.v2.json', 'e', 1), 2); // never replaces
        expect(c.archive.sidecars(STORE, 'arc-1').map((o) => [o.key, o.version, o.sha256[0], o.size])).toEqual([
          ['842/HS-1/arc-1.json', 1, 'b', 900],
          ['842/HS-1/arc-1.v2.json', 2, 'd', 950],
        ]);
      }));

    it('fixity audits: checks, findings upserted by key, counts, newest audit first', () =>
      using((c) => {
        c.documents.createDocument({ uid: 'fx', dossierCode: null, unitCode: null, part: null, name: 'fx' }, []);
        c.archive.recordDocument({ storeUrl: STORE, documentUid: 'fx', object: object('fx.pdf', 'a', 1), sidecar: object('fx.json', 'b', 1) });
        const first = c.archive.startAudit(STORE, 'all');
        c.archive.recordCheck(first, STORE, 'fx.pdf', 'ok');
        c.archive.recordCheck(first, STORE, 'fx.json', 'error', { key: 'fx.json', status: 'error', message: 'timeout' });
        c.archive.recordCheck(first, STORE, 'fx.json', 'corrupt', { key: 'fx.json', status: 'corrupt', expectedSha256: 'b'.repeat(64), actualSha256: '0'.repeat(64) });
        c.archive.recordCheck(first, STORE, 'stray.bin', 'unexpected', { key: 'stray.bin', status: 'unexpected' });
        c.archive.recordCheck(first, STORE, 'Stray.bin', 'missing', { key: 'Stray.bin', status: 'missing' });
        c.archive.finishAudit(first, { checked: 3, ok: 1, missing: 0, corrupt: 1, unexpected: 1, errors: 0 }, 'failed');
        const second = c.archive.startAudit(STORE, 'since 2025-01-01');
        expect(second).toBeGreaterThan(first);
        expect(c.archive.findings(first)).toEqual([
          { key: 'Stray.bin', status: 'missing' },
          { key: 'fx.json', status: 'corrupt', expectedSha256: 'b'.repeat(64), actualSha256: '0'.repeat(64) },
          { key: 'stray.bin', status: 'unexpected' },
        ]);
        expect(c.archive.findings(second)).toEqual([]);
        expect(c.archive.find(STORE, 'fx.json')?.lastAuditStatus).toBe('corrupt');
        expect(c.archive.find(STORE, 'fx.pdf')?.lastAuditStatus).toBe('ok');
        expect(c.archive.audits(10)).toEqual([
          { id: second, storeUrl: STORE, scope: 'since 2025-01-01', startedAt: stamp, finishedAt: null, checked: 0, ok: 0, missing: 0, corrupt: 0, unexpected: 0, errors: 0, status: 'running' },
          { id: first, storeUrl: STORE, scope: 'all', startedAt: stamp, finishedAt: stamp, checked: 3, ok: 1, missing: 0, corrupt: 1, unexpected: 1, errors: 0, status: 'failed' },
        ]);
        expect(c.archive.audits(1).map((a) => a.id)).toEqual([second]);
      }));

    it('classifications: the machine records, a person decides, and the person wins on every re-record', () =>
      using((c) => {
        const d = c.documents.createDocument({ uid: 'cl', dossierCode: 'HS-9', unitCode: '842', part: 'ket-qua', name: 'qd.pdf' }, []);
        const sure = c.documents.createDocument({ uid: 'sure', dossierCode: 'HS-9', unitCode: '842', part: 'ho-so', name: 'don.pdf' }, []);
        expect(c.classifications.record(d.id, machine('giay-phep', 0.42, true))).toEqual({
          documentId: d.id, uid: 'cl', name: 'qd.pdf', dossierCode: 'HS-9', type: 'giay-phep', confidence: 0.42, needsReview: true,
          alternatives: [{ type: 'giay-phep', confidence: 0.42 }, { type: 'khac', confidence: 0.125 }], metadata: { soHieu: '12/QĐ-UBND', ngay: '2025-01-09' },
          machine: { type: 'giay-phep', confidence: 0.42 }, review: null,
        });
        c.classifications.record(sure.id, machine('don-de-nghi', 0.97, false));
        expect(c.classifications.needingReview().map((s) => s.uid)).toEqual(['cl']);
        expect(() => c.classifications.record(999_999, machine('x', 1, false))).toThrow(/No document 999999/);

        const decided = c.classifications.setReview('cl', 'quyet-dinh', { reviewer: 'Lan', note: 'Số hiệu QĐ' });
        const review = { documentId: d.id, type: 'quyet-dinh', machineType: 'giay-phep', machineConfidence: 0.42, reviewer: 'Lan', note: 'Số hiệu QĐ', decidedAt: stamp };
        expect(decided).toMatchObject({ type: 'quyet-dinh', confidence: 1, needsReview: false, machine: { type: 'giay-phep', confidence: 0.42 }, review });
        expect(c.classifications.needingReview()).toEqual([]);
        // A later run classifies again: the person's type stays in force, the machine's new vote is kept beside it.
        const rerun = c.classifications.record(d.id, machine('giay-phep', 0.55, true));
        expect(rerun).toMatchObject({ type: 'quyet-dinh', confidence: 1, needsReview: false, machine: { type: 'giay-phep', confidence: 0.55 }, review });
        expect(c.classifications.get(String(d.id))).toEqual(rerun);
        expect(c.classifications.get('nope')).toBeUndefined();
        expect(c.classifications.reviews()).toEqual([review]);

        c.documents.savePages(d.id, [
          { pageNo: 2, width: 1, height: 1, dpi: 300, rotation: 0, skew: 0, blank: false, lowDpi: false, text: 'Điều 2. Giao cho...', confidence: 90, wordsPath: null },
          { pageNo: 1, width: 1, height: 1, dpi: 300, rotation: 0, skew: 0, blank: false, lowDpi: false, text: 'QUYẾT ĐỊNH', confidence: 90, wordsPath: null },
        ]);
        expect(c.classifications.reviewedTexts()).toEqual([{ documentId: d.id, type: 'quyet-dinh', pageTexts: ['QUYẾT ĐỊNH', 'Điều 2. Giao cho...'] }]);
      }));

    it('review gate: hold, queue with reasons, release held and archived documents, send back', () =>
      using((c) => {
        const doc = (uid: string) => c.documents.createDocument({ uid, dossierCode: 'HS-R', unitCode: '842', part: 'ho-so', name: `${uid}.pdf` }, []);
        const held = doc('held');
        const legacy = doc('legacy');
        const archived = doc('archived');
        const back = doc('back');
        c.classifications.record(held.id, machine('don-de-nghi', 0.61, true));
        advanceTo(c, held.id, 'classified');
        c.review.hold(held.id, ['type-confidence 0.61', 'missing-field soHieu']);
        c.classifications.record(legacy.id, machine('to-khai', 0.4242, true)); // unsure before the gate existed: waits too
        c.review.hold(back.id, ['ocr-confidence 41']);
        expect(c.review.count()).toBe(3);
        expect(c.review.queue()).toEqual([
          { documentId: held.id, uid: 'held', name: 'held.pdf', dossierCode: 'HS-R', stage: 'classified', type: 'don-de-nghi', confidence: 0.61, reasons: ['type-confidence 0.61', 'missing-field soHieu'] },
          { documentId: legacy.id, uid: 'legacy', name: 'legacy.pdf', dossierCode: 'HS-R', stage: 'ingested', type: 'to-khai', confidence: 0.4242, reasons: ['type-confidence 0.42'] },
          { documentId: back.id, uid: 'back', name: 'back.pdf', dossierCode: 'HS-R', stage: 'ingested', type: null, confidence: null, reasons: ['ocr-confidence 41'] },
        ]);
        expect(c.review.queue(1)).toHaveLength(1);

        c.classifications.setReview(held.id, 'giay-phep', { reviewer: 'Lan' });
        expect(c.review.release('held', 'set')).toEqual({ documentId: held.id, uid: 'held', archived: false });
        expect(c.documents.get(held.id)).toMatchObject({ status: 'pending', stage: 'classified' });
        expect(c.review.release(String(legacy.id), 'accept', { reviewer: 'Minh', note: 'đúng' })).toEqual({ documentId: legacy.id, uid: 'legacy', archived: false });
        expect(c.classifications.get(legacy.id)).toMatchObject({ type: 'to-khai', needsReview: false, review: { type: 'to-khai', machineType: 'to-khai', machineConfidence: 0.4242, reviewer: 'Minh', note: 'đúng' } });
        expect(() => c.review.release(back.id, 'accept')).toThrow(/no type yet/);

        // An archived document decided afterwards needs a new sidecar version.
        c.classifications.record(archived.id, machine('quyet-dinh', 0.9, false));
        advanceTo(c, archived.id, 'archived');
        c.documents.setStatus(archived.id, 'pending', null, null);
        expect(c.review.release('archived', 'accept')).toEqual({ documentId: archived.id, uid: 'archived', archived: true });
        expect(c.review.outdatedSidecars()).toEqual([
          { documentId: archived.id, uid: 'archived', type: 'quyet-dinh', metadata: { soHieu: '12/QĐ-UBND', ngay: '2025-01-09' }, action: 'accept', decidedAt: stamp, machine: { type: 'quyet-dinh', confidence: 0.9 } },
        ]);
        c.archive.recordSidecarVersion(STORE, 'archived', object('archived.v2.json', 'f', 3), 2);
        expect(c.review.outdatedSidecars()).toEqual([]);
        // A version written for an earlier decision, recorded after a newer one came in, leaves the mark: the newer one needs its own.
        c.review.release('archived', 'accept');
        const [again] = c.review.outdatedSidecars();
        c.archive.recordSidecarVersion(STORE, 'archived', object('archived.v3.json', 'g', 3), 3, '2000-01-01T00:00:00.000Z');
        expect(c.review.outdatedSidecars()).toEqual([again]);
        c.archive.recordSidecarVersion(STORE, 'archived', object('archived.v4.json', 'h', 3), 4, again!.decidedAt);
        expect(c.review.outdatedSidecars()).toEqual([]);

        expect(() => c.review.sendBack(held.id)).toThrow(/in status pending/);
        expect(() => c.review.sendBack('nope')).toThrow(/No document nope/);
        expect(c.review.sendBack('back')).toEqual({ documentId: back.id, uid: 'back' });
        expect(c.documents.get(back.id)).toMatchObject({ stage: 'ingested', status: 'pending' });
        expect(c.review.count()).toBe(0);
      }));

    it('overview: list filters, show with events in order, status counts as numbers', () =>
      using((c) => {
        const i1 = c.documents.addInput({ path: 'in/a1.tif', sha256: '1'.repeat(64), size: 5 * 1024 ** 3, mtimeMs: null, status: 'registered' });
        const i2 = c.documents.addInput({ path: 'in/a2.tif', sha256: '2'.repeat(64), size: 20, mtimeMs: null, status: 'registered' });
        c.documents.addInput({ path: 'in/junk.txt', sha256: '3'.repeat(64), size: 1, mtimeMs: null, status: 'rejected', reason: 'not-an-image', message: 'x' });
        const a = c.documents.createDocument({ uid: 'ov-a', dossierCode: 'HS-1', unitCode: '842', part: 'ho-so', name: 'a' }, [i1, i2]);
        const b = c.documents.createDocument({ uid: 'ov-b', dossierCode: 'HS-2', unitCode: '29236', part: 'ket-qua', name: 'b' }, []);
        const r1 = c.documents.createDocument({ uid: 'ov-r1', dossierCode: 'HS-2', unitCode: '29236', part: 'ho-so', name: 'r1' }, []);
        const r2 = c.documents.createDocument({ uid: 'ov-r2', dossierCode: 'HS-3', unitCode: '29236', part: 'ho-so', name: 'r2' }, []);
        const r3 = c.documents.createDocument({ uid: 'ov-r3', dossierCode: 'HS-3', unitCode: '29236', part: 'ho-so', name: 'r3' }, []);
        c.documents.advance(a.id, 'preprocessed', { pageCount: 2 });
        c.documents.savePages(a.id, [
          { pageNo: 1, width: 1, height: 1, dpi: 300, rotation: 0, skew: 0, blank: false, lowDpi: false, text: 'x', confidence: 80.04, wordsPath: null },
          { pageNo: 2, width: 1, height: 1, dpi: 300, rotation: 0, skew: 0, blank: false, lowDpi: false, text: 'y', confidence: 90.1, wordsPath: null },
          { pageNo: 3, width: 1, height: 1, dpi: 300, rotation: 0, skew: 0, blank: true, lowDpi: false, text: '', confidence: 0, wordsPath: null },
        ]);
        c.documents.advance(a.id, 'ocr');
        c.classifications.record(a.id, machine('don-de-nghi', 0.9, false));
        advanceTo(c, a.id, 'archived');
        c.archive.recordDocument({ storeUrl: STORE, documentUid: 'ov-a', object: object('a.pdf', 'a', 5 * 1024 ** 3), sidecar: object('a.json', 'b', 100) });
        c.review.hold(b.id, ['missing-field soHieu']);
        c.documents.reject(r1.id, 'low-dpi', 'm');
        c.documents.reject(r2.id, 'low-dpi', 'm');
        c.documents.reject(r3.id, 'ocr-failed', 'm');
        const r4 = c.documents.createDocument({ uid: 'ov-r4', dossierCode: 'HS-3', unitCode: '29236', part: 'ho-so', name: 'r4' }, []);
        c.documents.reject(r4.id, 'Low-contrast', 'm'); // ties with ocr-failed: byte order breaks it
        c.documents.createDocument({ uid: 'ov-z', dossierCode: null, unitCode: null, part: null, name: 'z' }, []);
        c.archive.recordDocument({ storeUrl: 'S3://KHO', documentUid: 'ov-z', object: object('z.pdf', 'a', 3), sidecar: object('z.json', 'b', 4) });
        c.archive.recordDocument({ storeUrl: 'file:///kho', documentUid: 'ov-z', object: object('z.pdf', 'a', 3), sidecar: object('z.json', 'b', 4) });
        const run = c.runs.start('run', 1);
        c.runs.finish(run, 0, { archived: 1 });
        const audit = c.archive.startAudit(STORE, 'all');
        c.archive.finishAudit(audit, { checked: 2, ok: 2, missing: 0, corrupt: 0, unexpected: 0, errors: 0 }, 'passed');

        expect(c.overview.list({}).map((d) => [d.uid, d.status])).toEqual([
          ['ov-a', 'archived'], ['ov-b', 'review'], ['ov-r1', 'rejected'], ['ov-r2', 'rejected'], ['ov-r3', 'rejected'], ['ov-r4', 'rejected'], ['ov-z', 'pending'],
        ]);
        expect(c.overview.list({ unit: '29236', status: 'rejected', limit: 2 }).map((d) => d.uid)).toEqual(['ov-r1', 'ov-r2']);
        expect(c.overview.list({ dossier: 'HS-1', type: 'don-de-nghi' })).toEqual([
          { id: a.id, uid: 'ov-a', dossierCode: 'HS-1', unitCode: '842', part: 'ho-so', name: 'a', stage: 'archived', status: 'archived', type: 'don-de-nghi', pages: 2, updatedAt: stamp },
        ]);
        expect(c.overview.list({ type: 'nothing' })).toEqual([]);

        const shown = c.overview.show('ov-a');
        expect(shown).toEqual({
          id: a.id, uid: 'ov-a', dossierCode: 'HS-1', unitCode: '842', part: 'ho-so', name: 'a', stage: 'archived', status: 'archived', type: 'don-de-nghi', pages: 2, updatedAt: stamp,
          reason: null, message: null, typeConfidence: 0.9, reviewReasons: [], review: null,
          events: ['ingested', 'preprocessed', 'ocr', 'pdf', 'classified', 'signed', 'archived'].map((what) => ({ what, at: stamp })),
          inputs: [{ path: 'in/a1.tif', sha256: '1'.repeat(64), size: 5 * 1024 ** 3 }, { path: 'in/a2.tif', sha256: '2'.repeat(64), size: 20 }],
          ocrConfidence: 85.1, pdfSha256: null, archiveKey: 'a.pdf', archivedAt: stamp,
          objects: [
            { storeUrl: STORE, key: 'a.pdf', kind: 'document', sha256: 'a'.repeat(64), size: 5 * 1024 ** 3, version: 1, lastAudit: null },
            { storeUrl: STORE, key: 'a.json', kind: 'sidecar', sha256: 'b'.repeat(64), size: 100, version: 1, lastAudit: null },
          ],
        });
        expect(c.overview.show(String(b.id))).toMatchObject({ uid: 'ov-b', reviewReasons: ['missing-field soHieu'], ocrConfidence: null, events: [{ what: 'ingested' }, { what: 'status review' }] });
        // A status and a stage changed by one UPDATE: the status event comes first on both engines.
        c.review.sendBack(b.id);
        expect(c.overview.show('ov-b')!.events.map((e) => e.what)).toEqual(['ingested', 'status review', 'status pending']);
        c.review.hold(b.id, ['again']);
        c.documents.advance(b.id, 'ocr');
        c.db.prepare(`UPDATE documents SET status = 'pending', stage = 'pdf' WHERE id = ?`).run(b.id);
        expect(c.overview.show('ov-b')!.events.map((e) => e.what).slice(-4)).toEqual(['status review', 'ocr', 'status pending', 'pdf']);
        c.review.hold(b.id, ['missing-field soHieu']);
        expect(c.overview.show('nope')).toBeUndefined();

        expect(c.overview.status()).toEqual({
          stages: [
            { stage: 'archived', status: 'pending', documents: 1 },
            { stage: 'ingested', status: 'pending', documents: 1 },
            { stage: 'ingested', status: 'rejected', documents: 4 },
            { stage: 'pdf', status: 'review', documents: 1 },
          ],
          byStatus: { pending: 1, review: 1, rejected: 4, archived: 1, skipped: 0 },
          review: { count: 1, oldest: [{ uid: 'ov-b', name: 'b', reasons: ['missing-field soHieu'] }] },
          rejections: { count: 4, byReason: [{ reason: 'low-dpi', documents: 2 }, { reason: 'Low-contrast', documents: 1 }, { reason: 'ocr-failed', documents: 1 }], inputs: 1 },
          lastRun: { id: run, command: 'run', startedAt: stamp, finishedAt: stamp, exitCode: 0, summary: { archived: 1 } },
          archive: [
            { storeUrl: 'S3://KHO', objects: 2, bytes: 7, documents: 1 },
            { storeUrl: 'file:///kho', objects: 2, bytes: 7, documents: 1 },
            { storeUrl: STORE, objects: 2, bytes: 5 * 1024 ** 3 + 100, documents: 1 },
          ],
          lastFixity: { id: audit, status: 'passed', finishedAt: stamp },
        });
      }));
  });
}
