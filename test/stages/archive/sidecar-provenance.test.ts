import { describe, expect, it } from 'vitest';
import { buildSidecar, type AnnexVIMetadata } from '../../../src/stages/archive/sidecar.js';
import { createClassifier } from '../../../src/stages/classify/classifier.js';
import { loadRules } from '../../../src/stages/classify/rules.js';

describe('archive sidecar: where each metadata field came from', () => {
  it('records source (printed, signature, file name) and confidence per Annex VI field', () => {
    const classifier = createClassifier(loadRules(), undefined, 0.6);
    // A signed scan: the number written by hand (unread), the day blank; the file name says "22 TTR".
    const text = ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số:      /TTr-UBND', 'Quảng Ngãi, ngày    tháng 02 năm 2025', 'TỜ TRÌNH', 'Về việc đề nghị giao dự toán năm 2025'].join('\n');
    const c = classifier.classify(text, {
      evidence: {
        fileName: '22 TTR.signed_20250510_124908.pdf',
        signers: [{ commonName: 'Ủy ban nhân dân tỉnh Quảng Ngãi', organization: 'Tỉnh Quảng Ngãi', signingTime: '2025-02-08T14:42:41+07:00', timeSource: 'claimed', intact: true }],
      },
    });
    const sidecar = buildSidecar(
      { documentId: 'd1', dossierCode: null, part: null, unitCode: null, docType: c.type, pageCount: 4, ocrConfidence: 80, metadata: c.metadata as unknown as AnnexVIMetadata, signature: null, sources: [] },
      { key: 'k', sha256: 'a'.repeat(64), size: 1 },
      undefined,
    );
    expect(sidecar.annexVI).toMatchObject({ CodeNumber: '22', CodeNotation: 'TTr-UBND', IssuedDate: '2025-02-08', OrganName: 'Ủy ban nhân dân tỉnh Quảng Ngãi', TypeName: 'Tờ trình', PageAmount: 4 });
    expect(sidecar.provenance.CodeNumber).toEqual({ source: 'file-name', confidence: 0.45 });
    expect(sidecar.provenance.CodeNotation).toMatchObject({ source: 'printed' });
    expect(sidecar.provenance.IssuedDate).toMatchObject({ source: 'signature', via: 'claimed' });
    expect(sidecar.provenance.IssuedDate!.confidence).toBeLessThan(0.9);
    expect(sidecar.provenance.OrganName).toMatchObject({ source: 'printed', via: 'ocr+signature' });
    expect(sidecar.provenance.TypeName).toMatchObject({ source: 'classifier' });
    // Signers and review reasons stay in the sidecar as evidence, out of the Annex VI values.
    expect(sidecar.annexVI.signers).toBeUndefined();
    expect(sidecar.evidence?.signers).toEqual([expect.objectContaining({ signingTime: '2025-02-08T14:42:41+07:00' })]);
    // "Số:      /TTr-UBND": the printed number is blank, which the file name alone does not settle.
    expect(sidecar.evidence?.reviewReasons).toEqual(['metadata:number-unreadable']);
    expect(sidecar.evidence?.notes).toEqual(expect.arrayContaining(['metadata:number-from-file-name', 'metadata:date-from-signature']));
  });
});
