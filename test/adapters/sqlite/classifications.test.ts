import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import { tempDir } from '../../helpers/cli.js';

const catalogs: SqlCatalog[] = [];
afterEach(() => catalogs.splice(0).forEach((c) => c.close()));

function catalogWithDocs(n: number): SqlCatalog {
  const catalog = openSqliteCatalog(tempDir());
  catalogs.push(catalog);
  const now = new Date().toISOString();
  const insert = catalog.db.prepare(`INSERT INTO documents (uid, name, stage, status, created_at, updated_at) VALUES (?, ?, 'ocr', 'done', ?, ?)`);
  for (let i = 1; i <= n; i++) insert.run(`doc-${i}`, `scan-${i}`, now, now);
  return catalog;
}

const result = (type: string, confidence: number, minConfidence = 0.6) => ({
  type,
  confidence,
  alternatives: [
    { type, confidence },
    { type: 'khac', confidence: 1 - confidence },
  ],
  needsReview: confidence < minConfidence,
  metadata: { typeName: { value: type, confidence } },
});

describe('the classifications store', () => {
  it('records type, confidence, needs_review and metadata into the documents row', () => {
    const catalog = catalogWithDocs(2);
    const s = catalog.classifications.record(1, result('quyet-dinh', 0.93));
    expect(s).toMatchObject({ documentId: 1, uid: 'doc-1', type: 'quyet-dinh', confidence: 0.93, needsReview: false, machine: { type: 'quyet-dinh', confidence: 0.93 }, review: null });
    const row = catalog.db.prepare('SELECT doc_type, type_confidence, needs_review, metadata FROM documents WHERE id = 1').get() as Record<string, unknown>;
    expect(row.doc_type).toBe('quyet-dinh');
    expect(row.needs_review).toBe(0);
    expect(JSON.parse(row.metadata as string).metadata.typeName.value).toBe('quyet-dinh');
    expect(catalog.classifications.get('doc-1')?.alternatives).toHaveLength(2);
  });

  it('lists documents below the threshold until a person decides, and the decision wins on re-runs', () => {
    const catalog = catalogWithDocs(3);
    const store = catalog.classifications;
    store.record(1, result('cong-van', 0.41));
    store.record(2, result('quyet-dinh', 0.95));
    store.record(3, result('khac', 0.3));
    expect(store.needingReview().map((d) => d.uid)).toEqual(['doc-1', 'doc-3']);

    const decided = store.setReview('doc-1', 'giay-xac-nhan', { reviewer: 'văn thư', note: 'tiêu đề bị mờ' });
    expect(decided).toMatchObject({ type: 'giay-xac-nhan', confidence: 1, needsReview: false });
    expect(decided.review).toMatchObject({ type: 'giay-xac-nhan', machineType: 'cong-van', machineConfidence: 0.41, reviewer: 'văn thư' });
    expect(store.needingReview().map((d) => d.uid)).toEqual(['doc-3']);

    // The pipeline classifies the document again: the human decision stays in force.
    const again = store.record(1, result('cong-van', 0.45));
    expect(again).toMatchObject({ type: 'giay-xac-nhan', needsReview: false, machine: { type: 'cong-van', confidence: 0.45 } });
    expect(store.reviews()).toHaveLength(1);

    // Deciding again replaces the decision.
    store.setReview(1, 'don-de-nghi');
    expect(store.get(1)?.type).toBe('don-de-nghi');
    expect(store.reviews().map((r) => r.type)).toEqual(['don-de-nghi']);
  });

  it('gives reviewed documents with their page text, to feed training', () => {
    const catalog = catalogWithDocs(2);
    const pages = catalog.db.prepare('INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, ?)');
    pages.run(1, 1, 'GIẤY XÁC NHẬN');
    pages.run(1, 2, 'trang hai');
    pages.run(2, 1, 'CÔNG VĂN');
    catalog.classifications.setReview(1, 'giay-xac-nhan');
    expect(catalog.classifications.reviewedTexts()).toEqual([{ documentId: 1, type: 'giay-xac-nhan', pageTexts: ['GIẤY XÁC NHẬN', 'trang hai'] }]);
  });

  it('refuses unknown documents with a usage error', () => {
    const catalog = catalogWithDocs(1);
    expect(() => catalog.classifications.setReview('nope', 'khac')).toThrow(/No document nope/);
    expect(() => catalog.classifications.record(99, result('khac', 0.5))).toThrow(/No document 99/);
    expect(catalog.classifications.get(99)).toBeUndefined();
    expect(catalog.schemaVersion()).toBeGreaterThanOrEqual(4);
  });
});

describe('classifyAndRecord (the pipeline step)', () => {
  it('classifies page texts and records the result on the document', async () => {
    const { classifyAndRecord, loadClassifier } = await import('../../../src/stages/classify/index.js');
    const catalog = catalogWithDocs(1);
    const classifier = loadClassifier({ minConfidence: 0.6 });
    const pages = ['ỦY BAN NHÂN DÂN\nSố: 12/QĐ-UBND\nTrà Vinh, ngày 13 tháng 01 năm 2022\nQUYẾT ĐỊNH\nVề việc thu hồi đất', 'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.'];
    const { classification, stored } = classifyAndRecord(classifier, catalog.classifications, 1, pages);
    expect(classification.type).toBe('quyet-dinh');
    expect(classification.metadata.pageAmount?.value).toBe(2);
    expect(stored).toMatchObject({ type: 'quyet-dinh', needsReview: false });
    expect((stored.metadata as { codeNumber: { value: string } }).codeNumber.value).toBe('12');
  });
});
