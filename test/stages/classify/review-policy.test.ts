import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/stages/classify/classifier.js';
import { requiredFields, splitFindings } from '../../../src/stages/classify/review-policy.js';
import { loadRules } from '../../../src/stages/classify/rules.js';

const classifier = createClassifier(loadRules(), undefined, 0.6);
const HEADER = ['ỦY BAN NHÂN DÂN', 'XÃ LONG ĐỨC', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

describe('which findings hold a document for review', () => {
  it('holds an administrative document for a required field printed but unreadable, and only notes one that is absent', () => {
    const admin = requiredFields('quyet-dinh', 'administrative');
    expect(admin).toEqual(['number', 'date']);
    expect(splitFindings(['metadata:number-unreadable', 'metadata:date-not-found', 'metadata:organ-from-signature'], admin)).toEqual({
      hold: ['metadata:number-unreadable'],
      notes: ['metadata:date-not-found', 'metadata:organ-from-signature'],
    });
    // Thư công has no number by nature (Decree 30/2020).
    expect(requiredFields('thu-cong', 'administrative')).toEqual(['date']);
  });

  it('never holds a citizen-dossier component for its number or date, whatever their state', () => {
    for (const id of ['don-de-nghi', 'to-khai', 'can-cuoc']) expect(requiredFields(id, 'dossier-component')).toEqual([]);
    const { hold, notes } = splitFindings(['metadata:number-handwritten-or-stamped', 'metadata:date-day-unreadable', 'type:low-confidence'], []);
    expect(hold).toEqual(['type:low-confidence']);
    expect(notes).toEqual(['metadata:number-handwritten-or-stamped', 'metadata:date-day-unreadable']);
  });

  it('lets a tờ khai with blank number and date lines through, and holds a Quyết định whose number is blank', () => {
    const toKhai = classifier.classify(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'TỜ KHAI ĐĂNG KÝ KHAI SINH', 'Kính gửi: Ủy ban nhân dân xã Long Đức', 'Họ, chữ đệm, tên người yêu cầu:', 'Số:', 'Long Đức, ngày      tháng      năm 20'].join('\n'));
    expect(toKhai.type).toBe('to-khai');
    expect(toKhai.needsReview).toBe(false);
    expect(toKhai.reviewReasons).toEqual([]);

    const qd = classifier.classify([...HEADER, 'Số:        /QĐ-UBND', 'Long Đức, ngày      tháng      năm 2024', 'QUYẾT ĐỊNH', 'Về việc cấp giấy chứng nhận quyền sử dụng đất', 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;'].join('\n'));
    expect(qd.type).toBe('quyet-dinh');
    expect(qd.needsReview).toBe(true);
    expect(qd.reviewReasons).toEqual(expect.arrayContaining(['metadata:number-unreadable', 'metadata:date-unreadable']));
  });

  it('does not take a cited date ("Căn cứ Luật … ngày 19 tháng 6 năm 2015") for an issue date with an unreadable day', () => {
    const qd = classifier.classify([...HEADER, 'Số: 101/QĐ-UBND', 'QUYẾT ĐỊNH', 'Về việc cấp giấy chứng nhận quyền sử dụng đất', 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm', '2015;'].join('\n'));
    expect(qd.metadata.issuedDate).toBeUndefined();
    expect(qd.notes).toContain('metadata:date-not-found');
    expect(qd.reviewReasons).toEqual([]);
  });
});
