import { describe, expect, it } from 'vitest';
import type { OcrWord } from '../../../src/ports/ocr-engine.js';
import { createClassifier } from '../../../src/stages/classify/classifier.js';
import { fileNameHints } from '../../../src/stages/classify/file-name.js';
import { findNumberLine, typesForAbbr } from '../../../src/stages/classify/notation.js';
import { pageEvidence } from '../../../src/stages/classify/page-evidence.js';
import { readPage } from '../../../src/stages/classify/reading.js';
import { loadRules } from '../../../src/stages/classify/rules.js';
import { readSigners, parseSignatureStamp } from '../../../src/stages/classify/signers.js';
import { BUILTIN_TYPES, canonicalTypeId } from '../../../src/stages/classify/taxonomy.js';
import { judgeTextLayer } from '../../../src/stages/classify/text-layer.js';
import { signedPdf } from '../sign/fixtures.js';

const classifier = createClassifier(loadRules(), undefined, 0.6);

/** Word boxes laid out as a page: each entry is [text, x0, y, confidence]; words 20 px tall. */
function words(spec: Array<[string, number, number, number?]>): OcrWord[] {
  return spec.map(([text, x0, y, c], i) => ({ text, bbox: { x0, y0: y, x1: x0 + text.length * 11, y1: y + 20 }, confidence: c ?? 96, line: i }));
}

const HEADER_TB = ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

describe('taxonomy (Decree 30/2020 Art. 7, Annex III)', () => {
  it('has the 29 administrative types with their abbreviations, the dossier components, hóa đơn and khac', () => {
    const admin = BUILTIN_TYPES.filter((t) => t.group === 'administrative');
    expect(admin).toHaveLength(29);
    expect(admin.filter((t) => !t.abbr).map((t) => t.id).sort()).toEqual(['cong-van', 'thu-cong']);
    const abbr = Object.fromEntries(admin.map((t) => [t.id, t.abbr]));
    expect(abbr).toMatchObject({ 'to-trinh': 'TTr', 'chi-thi': 'CT', 'quy-dinh': 'QyĐ', 'hop-dong': 'HĐ', 'huong-dan': 'HD', 'giay-uy-quyen': 'GUQ' });
    for (const id of ['don-de-nghi', 'to-khai', 'giay-khai-sinh', 'can-cuoc', 'giay-chung-nhan-qsdd', 'giay-phep', 'bien-lai', 'giay-xac-nhan', 'hoa-don', 'khac']) {
      expect(BUILTIN_TYPES.map((t) => t.id)).toContain(id);
    }
    // Ids of the 14 earlier types are unchanged, so catalogs keep their values.
    expect(canonicalTypeId('quyet-dinh')).toBe('quyet-dinh');
  });

  it('tells HĐ (hợp đồng) from HD (hướng dẫn), and offers both when OCR lost the stroke of Đ', () => {
    expect(typesForAbbr('HĐ', BUILTIN_TYPES)).toEqual(['hop-dong']);
    expect(typesForAbbr('HD', BUILTIN_TYPES)).toEqual(['huong-dan']);
    expect(typesForAbbr('ĐA', BUILTIN_TYPES)).toEqual(['de-an']);
    expect(typesForAbbr('UBND', BUILTIN_TYPES)).toEqual([]);
  });
});

describe('notation-based typing', () => {
  it('reads the number line across a line split, OCR noise and spaces around "/"', () => {
    expect(findNumberLine(['UBND TỈNH QUẢNG NGÃI', 'Số: 542', '/TB-UBND'])).toMatchObject({ number: '542', notation: 'TB-UBND', head: 'TB' });
    expect(findNumberLine(['S6; 04/TTr-UBND'])).toMatchObject({ number: '04', notation: 'TTr-UBND' });
    expect(findNumberLine(['Số: 507 /UBND-KGVX'])).toMatchObject({ number: '507', notation: 'UBND-KGVX', head: 'UBND' });
    expect(findNumberLine(['Sô: 45/2022/QĐ-UBND'])).toMatchObject({ number: '45', notation: 'QĐ-UBND' });
    // A citation in the body is not the number line.
    expect(findNumberLine(['BỘ Y TẾ', 'Căn cứ Nghị định số 75/2017/NĐ-CP ngày 20 tháng 6 năm 2017'])).toBeUndefined();
  });

  it('types a Thông báo from "Số: 542" and "/TB-UBND" on separate lines, with no title line', () => {
    const text = [...HEADER_TB, 'Số: 542', '/TB-UBND', 'Quảng Ngãi, ngày 08 tháng 01 năm 2025', 'Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp', 'Ngày 06/01/2025, Phó Chủ tịch chủ trì cuộc họp.'].join('\n');
    const c = classifier.classify(text);
    expect(c.type).toBe('thong-bao');
    expect(c.metadata.codeNumber?.value).toBe('542');
  });

  it('types a công văn from an agency-led notation, and "2191/CT-CS" with a V/v line as a công văn, not a Chỉ thị', () => {
    const cv = (n: string) =>
      ['CỤC THUẾ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', `Số: ${n}`, 'V/v chính sách thuế thu nhập doanh nghiệp', 'Hà Nội, ngày 08 tháng 04 năm 2026', 'Kính gửi: Thuế tỉnh Ninh Bình', 'Cục Thuế nhận được văn bản của đơn vị.'].join('\n');
    expect(classifier.classify(cv('507/UBND-KGVX')).type).toBe('cong-van');
    expect(classifier.classify(cv('2191/CT-CS')).type).toBe('cong-van');
    const ct = [...HEADER_TB, 'Số: 11/CT-UBND', 'Quảng Ngãi, ngày 15 tháng 03 năm 2024', 'CHỈ THỊ', 'Về việc tăng cường công tác phòng, chống tham nhũng', 'Trong thời gian qua công tác phòng, chống tham nhũng có chuyển biến.'].join('\n');
    const c = classifier.classify(ct);
    expect(c.type).toBe('chi-thi');
    expect(c.confidence).toBeGreaterThan(0.9);
  });
});

describe('metadata that knows what it does not know', () => {
  // Scan of a signed copy: "Số:" printed, the 87 written by hand; OCR saw only "8", far from "/QĐ-UBND".
  const handwritten = words([
    ['UBND', 120, 100], ['TỈNH', 180, 100], ['LÂM', 240, 100], ['ĐỒNG', 290, 100],
    ['CỘNG', 900, 100], ['HÒA', 960, 100], ['XÃ', 1010, 100], ['HỘI', 1045, 100], ['CHỦ', 1090, 100], ['NGHĨA', 1135, 100], ['VIỆT', 1205, 100], ['NAM', 1260, 100],
    ['Độc', 960, 130], ['lập', 1000, 130], ['-', 1040, 130], ['Tự', 1055, 130], ['do', 1085, 130], ['-', 1110, 130], ['Hạnh', 1125, 130], ['phúc', 1180, 130],
    ['Số:', 120, 180], ['8', 190, 180, 95], ['/QĐ-UBND', 260, 180],
    ['Lâm', 900, 180], ['Đồng,', 945, 180], ['ngày', 1010, 180], ['tháng', 1110, 180], ['01', 1175, 180], ['năm', 1210, 180], ['2025', 1260, 180],
    ['QUYẾT', 560, 260], ['ĐỊNH', 640, 260],
    ['Về', 420, 290], ['việc', 450, 290], ['thành', 500, 290], ['lập', 560, 290], ['Hội', 600, 290], ['đồng', 640, 290], ['thẩm', 690, 290], ['định', 750, 290],
  ]);

  it('gives a handwritten number no confident value and sends the document to review', () => {
    const lines = readPage(handwritten, 1400);
    const c = classifier.classify(lines.map((l) => l.text).join('\n'), { evidence: { readings: [{ source: 'ocr', lines }] } });
    expect(c.type).toBe('quyet-dinh');
    expect(c.metadata.codeNumber === undefined || c.metadata.codeNumber.confidence < 0.9).toBe(true);
    expect(c.metadata.codeNotation?.value).toBe('QĐ-UBND');
    // The day is blank: month and year only, at low confidence.
    expect(c.metadata.issuedDate).toMatchObject({ value: '2025-01', partial: true });
    expect(c.metadata.issuedDate!.confidence).toBeLessThan(0.9);
    expect(c.needsReview).toBe(true);
    expect(c.reviewReasons).toEqual(expect.arrayContaining(['metadata:number-uncertain', 'metadata:date-day-unreadable']));
  });

  it('does not trust an OCR reading of a number the text layer shows blank ("87" read as "8")', () => {
    const layer = handwritten.map((w) => (w.text === '8' ? { ...w, text: '' } : w));
    const ocr = handwritten.map((w) => (w.text === '8' ? { ...w, text: '8/QĐ-UBND', bbox: { ...w.bbox, x1: 330 } } : w)).filter((w) => w.text !== '/QĐ-UBND');
    const readings = [
      { source: 'text-layer' as const, lines: readPage(layer, 1400) },
      { source: 'ocr' as const, lines: readPage(ocr, 1400) },
    ];
    const c = classifier.classify(readings[0]!.lines.map((l) => l.text).join('\n'), { textSource: 'text-layer', evidence: { readings } });
    expect(c.metadata.codeNumber?.value).toBe('8');
    expect(c.metadata.codeNumber!.confidence).toBeLessThanOrEqual(0.6);
    expect(c.reviewReasons).toContain('metadata:number-handwritten-or-stamped');
  });

  it('reads a born-digital two-column header (number and notation split, date in the right column)', () => {
    // pdf.js order: the left column runs first, the date comes after everything else.
    const page = words([
      ['ỦY', 100, 100, 100], ['BAN', 130, 100, 100], ['NHÂN', 175, 100, 100], ['DÂN', 230, 100, 100],
      ['THÀNH', 100, 125, 100], ['PHỐ', 170, 125, 100], ['ĐÀ', 215, 125, 100], ['NẴNG', 245, 125, 100],
      ['Số:', 100, 170, 100], ['507', 140, 170, 100], ['/UBND-KGVX', 185, 170, 100],
      ['V/v', 100, 200, 100], ['triển', 140, 200, 100], ['khai', 200, 200, 100], ['chuyển', 250, 200, 100], ['đổi', 325, 200, 100], ['số', 365, 200, 100],
      ['Kính', 300, 300, 100], ['gửi:', 350, 300, 100], ['Các', 400, 300, 100], ['sở,', 440, 300, 100], ['ban,', 480, 300, 100], ['ngành', 530, 300, 100], ['thành', 600, 300, 100], ['phố', 665, 300, 100],
      ['CỘNG', 800, 100, 100], ['HÒA', 860, 100, 100], ['XÃ', 905, 100, 100], ['HỘI', 940, 100, 100], ['CHỦ', 985, 100, 100], ['NGHĨA', 1030, 100, 100], ['VIỆT', 1100, 100, 100], ['NAM', 1155, 100, 100],
      ['Độc', 860, 125, 100], ['lập', 900, 125, 100], ['-', 940, 125, 100], ['Tự', 955, 125, 100], ['do', 985, 125, 100], ['-', 1010, 125, 100], ['Hạnh', 1025, 125, 100], ['phúc', 1080, 125, 100],
      ['Đà', 830, 170, 100], ['Nẵng,', 860, 170, 100], ['ngày', 925, 170, 100], ['24', 980, 170, 100], ['tháng', 1010, 170, 100], ['01', 1075, 170, 100], ['năm', 1105, 170, 100], ['2025', 1150, 170, 100],
    ]);
    const lines = readPage(page, 1300);
    const c = classifier.classify(lines.map((l) => l.text).join('\n'), { textSource: 'text-layer', evidence: { readings: [{ source: 'text-layer', lines }] } });
    expect(c.type).toBe('cong-van');
    expect(c.metadata.codeNumber).toMatchObject({ value: '507', source: 'printed' });
    expect(c.metadata.codeNotation?.value).toBe('UBND-KGVX');
    expect(c.metadata.issuedDate).toMatchObject({ value: '2025-01-24', source: 'printed' });
    expect(c.metadata.issuedDate!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(c.metadata.organName?.value).toBe('ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG');
    expect(c.metadata.subject?.value).toMatch(/^triển khai chuyển đổi số/);
  });

  it('takes a number from the file name only beside a type abbreviation ("22 TTR", not "05.signed")', () => {
    const abbrs = BUILTIN_TYPES.flatMap((t) => (t.abbr ? [t.abbr] : []));
    expect(fileNameHints('22 TTR.signed_20250510_124908.pdf', abbrs)).toEqual([{ number: '22', abbr: 'TTR' }]);
    expect(fileNameHints('05.signed_20250517_044750.pdf', abbrs)).toEqual([]);
    expect(fileNameHints('2770 (08-CT-UBND)..signed_20250220_102437.pdf', abbrs).map((h) => h.number)).toEqual(['08']);
  });
});

describe('text layers', () => {
  it('rejects an accent-stripped layer in favour of OCR, and records which was used', () => {
    const garbage = 'UBND THANH PHO DA NANG CONG Hc XA HOI CHU NGHIA VIET NAM\nDoc lap Tu do Hanh phuc\nSo 507 UBND KGVX\nV v trien khai chuyen doi so tren dia ban thanh pho';
    expect(judgeTextLayer(garbage)).toMatchObject({ use: false, reason: 'no-diacritics' });
    const good = 'ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 507/UBND-KGVX\nV/v triển khai chuyển đổi số trên địa bàn thành phố của các cơ quan';
    expect(judgeTextLayer(good).use).toBe(true);
    const toWords = (t: string) => t.split('\n').flatMap((line, y) => line.split(' ').map((w, i) => ({ text: w, bbox: { x0: 40 + i * 60, y0: 50 + y * 30, x1: 40 + i * 60 + 50, y1: 70 + y * 30 }, confidence: 90, line: y })));
    const ev = pageEvidence({ pages: 1, width: 1400, height: 2000, textLayerWords: toWords(garbage), ocr: { pageNo: 1, text: good, confidence: 90, words: toWords(good), source: 'ocr', durationMs: 0 } });
    expect(ev.used).toBe('ocr');
    expect(ev.textLayer.reason).toBe('no-diacritics');
    expect(ev.readings.map((r) => r.source)).toEqual(['ocr']);
    expect(ev.text).toContain('ỦY BAN NHÂN DÂN');
  });
});

describe('signed inputs', () => {
  it('fills the date from the signing time, marked as such, when the printed day is blank', async () => {
    const pdf = await signedPdf();
    const signers = await readSigners(pdf);
    expect(signers).toHaveLength(1);
    expect(signers[0]).toMatchObject({ commonName: 'UBND xã Long Đức', organization: 'sohoa tests', intact: true });
    expect(signers[0]!.signingTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    const text = ['UBND XÃ LONG ĐỨC', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: 15/TB-UBND', 'Long Đức, ngày      tháng      năm', 'THÔNG BÁO', 'Lịch tiếp công dân'].join('\n');
    const c = classifier.classify(text, { evidence: { signers, stampText: `Ký bởi: UBND xã Long Đức\nThời gian ký: ${signers[0]!.signingTime!.slice(8, 10)}/${signers[0]!.signingTime!.slice(5, 7)}/${signers[0]!.signingTime!.slice(0, 4)} 10:00:00` } });
    expect(c.metadata.issuedDate).toMatchObject({ value: signers[0]!.signingTime!.slice(0, 10), source: 'signature' });
    expect(c.metadata.issuedDate!.confidence).toBeLessThan(0.9);
    expect(c.metadata.signers?.[0]?.commonName).toBe('UBND xã Long Đức');
    expect(c.metadata.signatureStamp?.signedBy).toBe('UBND xã Long Đức');
    // The signing time fills the blank day: noted with its source, not a reason to hold a Thông báo.
    expect(c.notes).toContain('metadata:date-from-signature');
    expect(c.reviewReasons.filter((r) => r.startsWith('metadata:date'))).toEqual([]);
    expect([...c.reviewReasons, ...c.notes]).not.toContain('signature:stamp-time-differs');
  });

  it('parses the "Ký bởi / Cơ quan / Thời gian ký" stamp', () => {
    expect(parseSignatureStamp('Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nCơ quan: Tỉnh Quảng Ngãi\nThời gian ký: 08/02/2025 14:42:41')).toEqual({
      signedBy: 'Ủy ban nhân dân tỉnh Quảng Ngãi',
      organ: 'Tỉnh Quảng Ngãi',
      date: '2025-02-08',
    });
  });
});

describe('pipeline evidence', () => {
  it('reads page 1 words by position, and treats an implausible text layer as OCR-grade', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { pipelineEvidence } = await import('../../../src/stages/classify/pipeline-evidence.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-pe-'));
    const file = path.join(dir, 'page-0001.json');
    const garbage = ['UBND', 'TINH', 'QUANG', 'NGAI', 'So', '11', 'TB', 'UBND', 'THONG', 'BAO', 'Ket', 'luan', 'cua', 'Pho', 'Chu', 'tich', 'tai', 'cuoc', 'hop'];
    writeFileSync(file, JSON.stringify({ pageNo: 1, text: '', confidence: 100, source: 'text-layer', durationMs: 0, words: words(garbage.map((t, i) => [t, 50 + (i % 6) * 90, 40 + Math.floor(i / 6) * 30])) }));
    const ev = await pipelineEvidence(file, 1200, 'x.pdf');
    expect(ev.textSource).toBe('ocr');
    expect(ev.textLayer).toBe('implausible: no-diacritics');
    expect(ev.evidence?.readings?.[0]?.lines.length).toBeGreaterThan(0);
    expect(await pipelineEvidence(path.join(dir, 'missing.json'), 1200)).toEqual({ evidence: {} });
  });
});
