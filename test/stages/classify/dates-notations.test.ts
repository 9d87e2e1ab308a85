import { describe, expect, it } from 'vitest';
import type { OcrWord } from '../../../src/ports/ocr-engine.js';
import { createClassifier } from '../../../src/stages/classify/classifier.js';
import { extractIssuedDate } from '../../../src/stages/classify/metadata-date.js';
import { extractOrganName } from '../../../src/stages/classify/metadata-header.js';
import { findNumberLine, restoreAbbr } from '../../../src/stages/classify/notation.js';
import { readPage } from '../../../src/stages/classify/reading.js';
import { loadRules } from '../../../src/stages/classify/rules.js';
import { BUILTIN_TYPES } from '../../../src/stages/classify/taxonomy.js';

const classifier = createClassifier(loadRules(), undefined, 0.6);
const ABBRS = BUILTIN_TYPES.flatMap((t) => (t.abbr ? [t.abbr] : []));
const HEADER = ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 11/TB-UBND'];
const BODY = ['THÔNG BÁO', 'Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp'];
const dateOf = (...dateLines: string[]) => classifier.classify([...HEADER, ...dateLines, ...BODY].join('\n')).metadata.issuedDate;

describe('issue dates as OCR and text layers give them', () => {
  it('reads a date line split across two lines, either after the day or after the month', () => {
    expect(dateOf('Quảng Ngãi, ngày 24 tháng 01', 'năm 2025')?.value).toBe('2025-01-24');
    expect(dateOf('Quảng Ngãi, ngày 24', 'tháng 01 năm 2025')?.value).toBe('2025-01-24');
  });

  it('tolerates OCR noise in "ngày", "tháng" and "năm", and O for 0, but never trusts OCR alone to 0.9', () => {
    for (const line of ['Quảng Ngãi, ngảy 24 thána O1 nărn 2025', 'Quảng Ngãi, ngay 24 tbang 01 nam 2O25', 'Quảng Ngãi, ngày 24 th ang 01 năm 2025']) {
      const d = dateOf(line);
      expect(d?.value, line).toBe('2025-01-24');
      expect(d!.confidence, line).toBeLessThan(0.9);
    }
  });

  it('reads "ngày 24 tháng 01 năm 2025", "24/01/2025" and "ngày 24.01.2025" after the place as the same date', () => {
    const long = dateOf('Quảng Ngãi, ngày 24 tháng 01 năm 2025');
    const slash = dateOf('Quảng Ngãi, 24/01/2025');
    const dots = dateOf('Quảng Ngãi, ngày 24.01.2025');
    expect([long?.value, slash?.value, dots?.value]).toEqual(['2025-01-24', '2025-01-24', '2025-01-24']);
    // The short form is easier to confuse with a cited date: it ranks below the long one.
    expect(slash!.confidence).toBeLessThanOrEqual(long!.confidence);
    expect(dots!.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('does not take the time of an e-signature or receiving stamp for the issue date', () => {
    // OCR reads the stamp of the official gazette centre into the right header column.
    expect(extractIssuedDate(['TRUNG TÂM CÔNG BÁO VÀ TIN HỌC', '21.01.2025 09:30:22', '+07:00'].join('\n'))).toBeUndefined();
    const d = dateOf('TRUNG TÂM CÔNG BÁO', '21.01.2025 09:30:22', 'Quảng Ngãi, ngày      tháng 01 năm 2025');
    expect(d).toMatchObject({ value: '2025-01', partial: true });
    expect(d!.confidence).toBeLessThan(0.9);
  });

  it('skips a dated citation under the header and keeps the dated place line', () => {
    const d = dateOf('Quảng Ngãi, ngày 08 tháng 01 năm 2025', 'Căn cứ Quyết định số 12/QĐ-UBND ngày 03/01/2025 của UBND tỉnh');
    expect(d?.value).toBe('2025-01-08');
  });
});

describe('notations beyond the Decree 30 pattern, and OCR that lost the stroke of Đ', () => {
  it('reads a one-segment notation printed in capitals, below 0.9', () => {
    expect(findNumberLine(['Số: 72/GPXD              Trà Cú, ngày 09 tháng 02 năm 2020'])).toMatchObject({ number: '72', notation: 'GPXD', single: true });
    expect(findNumberLine(['Số: 319/HĐLĐ'])).toMatchObject({ number: '319', notation: 'HĐLĐ' });
    expect(findNumberLine(['Số: 14/HĐLĐ \''])).toMatchObject({ notation: 'HĐLĐ' });
    const c = classifier.classify(['UBND HUYỆN TRÀ CÚ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: 72/GPXD              Trà Cú, ngày 09 tháng 02 năm 2020', 'GIẤY PHÉP XÂY DỰNG'].join('\n'));
    expect(c.metadata.codeNotation?.value).toBe('GPXD');
    expect(c.metadata.codeNotation!.confidence).toBeLessThan(0.9);
  });

  it('joins a number OCR split at one space ("92 7/GXN"), as a noisy reading; a wide gap stays a blank', () => {
    expect(findNumberLine(['Số: 92 7/GXN-UBND'])).toMatchObject({ number: '927', notation: 'GXN-UBND', noisy: true });
    expect(findNumberLine(['Số: 8    7/QĐ-UBND'])).toMatchObject({ number: '8', noisy: true });
  });

  it('does not make a notation of a year, a lower-case word or a segment cut by a space', () => {
    expect(findNumberLine(['Số: 294/2021  Quyển số: 02'])?.notation).toBeUndefined();
    expect(findNumberLine(['Số: 143/2022/HD MB'])?.notation).toBeUndefined();
    expect(findNumberLine(['Số: 12/tháng'])?.notation).toBeUndefined();
  });

  it('restores Đ in the type abbreviation and in HĐND, but leaves HD (hướng dẫn) alone', () => {
    expect(restoreAbbr('QD-UBND', ABBRS)).toBe('QĐ-UBND');
    expect(restoreAbbr('NQ-HDND', ABBRS)).toBe('NQ-HĐND');
    expect(restoreAbbr('HD-SNV', ABBRS)).toBeUndefined();
    expect(restoreAbbr('QĐ-UBND', ABBRS)).toBeUndefined();
    expect(restoreAbbr('UBND-KGVX', ABBRS)).toBeUndefined();
    const c = classifier.classify([...HEADER.slice(0, 4), 'Số: 931/QD-UBND', 'Quảng Ngãi, ngày 08 tháng 01 năm 2025', 'QUYẾT ĐỊNH', 'Về việc phê duyệt kế hoạch'].join('\n'));
    expect(c.type).toBe('quyet-dinh');
    expect(c.metadata.codeNotation).toMatchObject({ value: 'QĐ-UBND', source: 'printed' });
    expect(c.metadata.codeNotation!.via).toMatch(/abbreviation/);
    expect(c.metadata.codeNotation!.confidence).toBeLessThan(0.9);
  });
});

describe('the header of a wide scan', () => {
  it('reads the date in the right column when the motto line spans the middle of the page', () => {
    // Scan at 300 dpi (2480 px wide): OCR boxes the motto from left of the middle, so it reads as full width.
    const w = (text: string, x0: number, y: number, conf = 95): OcrWord => ({ text, bbox: { x0, y0: y, x1: x0 + text.length * 40, y1: y + 50 }, confidence: conf, line: y });
    const words: OcrWord[] = [];
    const put = (y: number, x0: number, text: string) => {
      let x = x0;
      for (const t of text.split(' ')) {
        words.push(w(t, x, y));
        x += t.length * 40 + 30;
      }
    };
    put(298, 384, 'ỦY BAN NHÂN DÂN');
    put(298, 1087, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    put(373, 383, 'TỈNH QUẢNG NGÃI');
    put(373, 1315, 'Độc lập - Tự do - Hạnh phúc');
    put(489, 414, 'Số: 22 /TTr-UBND');
    put(489, 1161, 'Quảng Ngãi, ngày 05 tháng 02 năm 2025');
    put(699, 1165, 'TỜ TRÌNH');
    put(765, 300, 'Về việc đề nghị giao dự toán năm 2025 cho Sở Dân tộc và Tôn giáo tỉnh');
    put(953, 900, 'Kính gửi: Hội đồng nhân dân tỉnh');
    const lines = readPage(words, 2480);
    expect(lines.find((l) => l.text.startsWith('CỘNG'))?.column).toBe('full');
    const c = classifier.classify(lines.map((l) => l.text).join('\n'), { evidence: { readings: [{ source: 'ocr', lines }] } });
    expect(c.type).toBe('to-trinh');
    expect(c.metadata.issuedDate).toMatchObject({ value: '2025-02-05', source: 'printed' });
    expect(c.metadata.issuedDate!.confidence).toBeLessThan(0.9);
  });
});

describe('the issuing agency', () => {
  const page = ['UY BAN NHAN DAN', 'TINH QUANG NGAI', '$6:22 /TTr-UBND', 'TRUNG TÂM CÔNG', 'BẢO VA TIN HỌC', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Quảng Ngãi, ngày 05 tháng 02 năm 2025', 'TỜ TRÌNH', 'Về việc đề nghị giao dự toán năm 2025'];

  it('ends the agency block at a number line OCR read as "$6:22", before a stamp in the other column', () => {
    expect(extractOrganName(page)?.organName.value).toBe('UY BAN NHAN DAN TINH QUANG NGAI');
  });

  it("takes the spelling of an agency's certificate, never an official's personal one", () => {
    const signers = [
      { commonName: 'Phạm Đăng Khoa', signingTime: '2025-02-04T15:13:24+07:00', intact: true },
      { commonName: 'Ủy ban nhân dân tỉnh Quảng Ngãi', signingTime: '2025-02-05T09:27:00+07:00', intact: true },
    ];
    const c = classifier.classify(page.join('\n'), { evidence: { signers } });
    expect(c.metadata.organName).toMatchObject({ value: 'Ủy ban nhân dân tỉnh Quảng Ngãi', source: 'printed' });
    // With no agency line on the page, a person's certificate is no organ; an agency's is, below 0.9.
    const bare = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: 12/TB', 'THÔNG BÁO', 'Lịch tiếp công dân'].join('\n');
    expect(classifier.classify(bare, { evidence: { signers: signers.slice(0, 1) } }).metadata.organName).toBeUndefined();
    const fromSig = classifier.classify(bare, { evidence: { signers } }).metadata.organName;
    expect(fromSig).toMatchObject({ value: 'Ủy ban nhân dân tỉnh Quảng Ngãi', source: 'signature' });
    expect(fromSig!.confidence).toBeLessThan(0.9);
  });
});

describe("signers' names as personal data", () => {
  const signers = [
    { commonName: 'Nguyễn Thị Lan', signingTime: '2025-03-01T08:00:00+07:00', intact: true },
    { commonName: 'Ủy ban nhân dân xã Long Đức', signingTime: '2025-03-02T08:00:00+07:00', intact: true },
  ];

  it("keeps only a citizen's initials on a citizen's document, and an agency's name whole", () => {
    const don = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ĐƠN ĐỀ NGHỊ', 'Kính gửi: Ủy ban nhân dân xã Long Đức', 'Tôi tên là Nguyễn Thị Lan, đề nghị cấp bản sao giấy khai sinh'].join('\n');
    const c = classifier.classify(don, { evidence: { signers } });
    expect(c.type).toMatch(/^don/);
    expect(c.metadata.signers!.map((s) => s.commonName)).toEqual(['N••••• T•• L••', 'Ủy ban nhân dân xã Long Đức']);
    expect(JSON.stringify(c.metadata)).not.toContain('Nguyễn Thị Lan');
  });

  it('keeps an official signer on an administrative document, where the name is public', () => {
    const c = classifier.classify([...HEADER, 'Quảng Ngãi, ngày 01 tháng 3 năm 2025', ...BODY].join('\n'), { evidence: { signers } });
    expect(c.metadata.signers!.map((s) => s.commonName)).toEqual(['Nguyễn Thị Lan', 'Ủy ban nhân dân xã Long Đức']);
  });
});

describe('dates against the signatures that cover them', () => {
  it('distrusts a printed date later than the last signature on the file (a stamped day misread)', () => {
    const text = [...HEADER, 'Quảng Ngãi, ngày 23 tháng 4 năm 2018', ...BODY].join('\n');
    const signers = [{ commonName: 'Ủy ban nhân dân tỉnh Quảng Ngãi', signingTime: '2018-04-04T14:21:14+07:00', timeSource: 'timestamp' as const, intact: true }];
    const c = classifier.classify(text, { evidence: { signers } });
    expect(c.metadata.issuedDate).toMatchObject({ value: '2018-04-23', source: 'printed' });
    expect(c.metadata.issuedDate!.confidence).toBeLessThanOrEqual(0.5);
    expect(c.reviewReasons).toContain('metadata:date-after-signature');
    // A date on or before the signature is not touched.
    const ok = classifier.classify(text.replace('ngày 23', 'ngày 03'), { evidence: { signers } });
    expect(ok.metadata.issuedDate).toMatchObject({ value: '2018-04-03', confidence: 0.85 });
    expect(ok.reviewReasons).not.toContain('metadata:date-after-signature');
  });
});
