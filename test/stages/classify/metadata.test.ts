import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/stages/classify/classifier.js';
import { extractIssuedDate } from '../../../src/stages/classify/metadata-date.js';
import { extractCode, extractOrganName, extractSubject } from '../../../src/stages/classify/metadata-header.js';
import { detectLanguage } from '../../../src/stages/classify/metadata.js';
import { loadRules } from '../../../src/stages/classify/rules.js';

const header = (organ: string, code: string, date: string, rest: string) =>
  `${organ}        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n                 Độc lập - Tự do - Hạnh phúc\nSố: ${code}        ${date}\n${rest}`;

describe('CodeNumber and CodeNotation', () => {
  it.each([
    ['Số: 123/QĐ-UBND', '123', 'QĐ-UBND'],
    ['Số: 45/UBND-VP', '45', 'UBND-VP'],
    ['Số: 12/TTr-UBND', '12', 'TTr-UBND'],
    ['Số: 07/CT-UBND', '7', 'CT-UBND'],
    ['Số: 21/2019/QĐ-UBND', '21', 'QĐ-UBND'],
    ['Số : 369 / QĐ - UBND', '369', 'QĐ-UBND'],
    ['Sô: 88/STP-HCTP', '88', 'STP-HCTP'],
  ])('%s → %s, %s', (line, number, notation) => {
    const code = extractCode(`ỦY BAN NHÂN DÂN\n${line}\nQUYẾT ĐỊNH`);
    expect(code.codeNumber?.value).toBe(number);
    expect(code.codeNotation?.value).toBe(notation);
    expect(code.codeNumber!.confidence).toBeGreaterThan(0.6);
  });

  it('reads a bare number (a register entry) without inventing a notation', () => {
    const code = extractCode('GIẤY KHAI SINH\nSố: 15\nQuyển số: 01/2022');
    expect(code.codeNumber?.value).toBe('15');
    expect(code.codeNotation).toBeUndefined();
  });

  it('leaves both missing when the text has no number, and ignores "Quyển số", "Số định danh" and "Mã hồ sơ"', () => {
    expect(extractCode('ĐƠN ĐỀ NGHỊ\nKính gửi: UBND xã\nQuyển số: 01\nSố định danh cá nhân: 084012341234')).toEqual({});
    expect(extractCode('GIẤY TIẾP NHẬN HỒ SƠ\nMã hồ sơ: 000.00.31.H60-220101')).toEqual({});
  });

  it('does not cut a long number (an ID card number) down to a document number', () => {
    expect(extractCode('CHỨNG MINH NHÂN DÂN\nSố: 331234567\nHọ tên: A')).toEqual({});
  });
});

describe('IssuedDate', () => {
  it('reads "ngày 13 tháng 01 năm 2022" and "13/01/2022"', () => {
    expect(extractIssuedDate('Trà Vinh, ngày 13 tháng 01 năm 2022')).toEqual({ value: '2022-01-13', confidence: 0.95 });
    expect(extractIssuedDate('ỦY BAN NHÂN DÂN\nNgày 13/01/2022')?.value).toBe('2022-01-13');
    expect(extractIssuedDate('Càng Long, 13/01/2022')?.value).toBe('2022-01-13');
  });

  it('tolerates OCR noise: folded, broken words, l for 1, O for 0', () => {
    expect(extractIssuedDate('Tra Vinh, ngay 03 th ang 05 nam 2022 |')?.value).toBe('2022-05-03');
    expect(extractIssuedDate('Trà Vinh, ngàỵ l3 thảng 0l năm 2O22')?.value).toBe('2022-01-13');
  });

  it('skips birth dates, expiry dates and dates of cited documents, and impossible dates', () => {
    expect(extractIssuedDate('Ngày sinh: 12/05/1990\nCó giá trị đến: 12/05/2035')).toBeUndefined();
    expect(extractIssuedDate('Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;')).toBeUndefined();
    expect(extractIssuedDate('Trà Vinh, ngày 31 tháng 02 năm 2022')).toBeUndefined();
  });

  it('prefers the dated place line over other dates in the header', () => {
    const text = header('ỦY BAN NHÂN DÂN', '5/QĐ-UBND', 'Trà Vinh, ngày 13 tháng 01 năm 2022', 'QUYẾT ĐỊNH\nVề việc thu hồi đất ngày 01/12/2021');
    expect(extractIssuedDate(text)?.value).toBe('2022-01-13');
  });
});

describe('OrganName and Subject', () => {
  it('reads the issuer from a two-column header, with its parent agency', () => {
    const lines = ['UBND TỈNH TRÀ VINH        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'SỞ TƯ PHÁP                Độc lập - Tự do - Hạnh phúc', 'Số: 88/STP-HCTP'];
    const organ = extractOrganName(lines);
    expect(organ?.organName.value).toBe('SỞ TƯ PHÁP');
    expect(organ?.organParent?.value).toBe('UBND TỈNH TRÀ VINH');
  });

  it('joins an agency split over two lines ("ỦY BAN NHÂN DÂN" / "XÃ AN TRƯỜNG")', () => {
    const organ = extractOrganName(['ỦY BAN NHÂN DÂN', 'XÃ AN TRƯỜNG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: 1/QĐ-UBND']);
    expect(organ?.organName.value).toBe('ỦY BAN NHÂN DÂN XÃ AN TRƯỜNG');
    expect(organ?.organParent).toBeUndefined();
  });

  it('stops before the title, even when no "Số:" line separates them', () => {
    expect(extractOrganName(['ỦY BAN NHÂN DÂN XÃ AN TRƯỜNG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BIÊN BẢN HÒA GIẢI'])?.organName.value).toBe(
      'ỦY BAN NHÂN DÂN XÃ AN TRƯỜNG',
    );
    expect(extractOrganName(['CÔNG TY CỔ PHẦN CẤP THOÁT NƯỚC TRÀ VINH', 'HÓA ĐƠN TIỀN NƯỚC', 'Ký hiệu: 1C22TCN'])?.organName.value).toBe('CÔNG TY CỔ PHẦN CẤP THOÁT NƯỚC TRÀ VINH');
  });

  it('leaves OrganName missing on a citizen form that has only the national motto', () => {
    expect(extractOrganName(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ĐƠN ĐỀ NGHỊ', 'Kính gửi: UBND xã'])).toBeUndefined();
  });

  it('reads "V/v …" and "Về việc …" with their continuation lines', () => {
    expect(extractSubject(['Số: 9/UBND-VP', 'V/v đẩy mạnh số hóa hồ sơ, kết quả giải quyết', 'thủ tục hành chính năm 2022', 'Kính gửi: các xã'])?.value).toBe(
      'đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính năm 2022',
    );
    expect(extractSubject(['QUYẾT ĐỊNH', 'Về việc thu hồi đất', 'CHỦ TỊCH ỦY BAN NHÂN DÂN'])?.value).toBe('thu hồi đất');
    expect(extractSubject(['GIẤY KHAI SINH', 'Họ, chữ đệm, tên: A'])).toBeUndefined();
  });
});

describe('the whole metadata record', () => {
  const classifier = createClassifier(loadRules(), undefined, 0.6);

  it('fills every field a decision shows, each with a confidence', () => {
    const text = header(
      'ỦY BAN NHÂN DÂN\nTỈNH TRÀ VINH',
      '123/QĐ-UBND',
      'Trà Vinh, ngày 13 tháng 01 năm 2022',
      'QUYẾT ĐỊNH\nVề việc công bố danh mục thủ tục hành chính\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nĐiều 1. Công bố kèm theo Quyết định này.',
    );
    const m = classifier.classify(text, { pages: 3 }).metadata;
    expect(m.codeNumber?.value).toBe('123');
    expect(m.codeNotation?.value).toBe('QĐ-UBND');
    expect(m.issuedDate?.value).toBe('2022-01-13');
    expect(m.organName?.value).toBe('ỦY BAN NHÂN DÂN TỈNH TRÀ VINH');
    expect(m.subject?.value).toBe('công bố danh mục thủ tục hành chính');
    expect(m.typeName.value).toBe('Quyết định');
    expect(m.pageAmount).toEqual({ value: 3, confidence: 1 });
    expect(m.language?.value).toBe('vi');
    for (const f of Object.values(m)) expect(f.confidence).toBeGreaterThan(0);
  });

  it('leaves fields missing when the text does not show them', () => {
    const m = classifier.classify('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐƠN XIN XÁC NHẬN\nKính gửi: Ủy ban nhân dân xã\nTôi làm đơn này đề nghị xác nhận.').metadata;
    expect(m.codeNumber).toBeUndefined();
    expect(m.codeNotation).toBeUndefined();
    expect(m.issuedDate).toBeUndefined();
    expect(m.organName).toBeUndefined();
    expect(m.subject).toBeUndefined();
    expect(m.pageAmount).toBeUndefined();
    expect(m.typeName.value).toBe('Đơn đề nghị');
  });

  it('detects the language, and says nothing about text too short to tell', () => {
    expect(detectLanguage('Ủy ban nhân dân xã đề nghị các hộ gia đình của ấp thực hiện')?.value).toBe('vi');
    expect(detectLanguage('The date of expiry of this card is shown on the front and the place of origin')?.value).toBe('en');
    expect(detectLanguage('Họ và tên / Full name: A. Ngày sinh / Date of birth. Quốc tịch / Nationality: Việt Nam. Place of origin, the card')?.value).toBe('vi,en');
    expect(detectLanguage('12/03')).toBeUndefined();
  });
});
