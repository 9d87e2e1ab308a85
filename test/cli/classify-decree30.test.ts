import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPage } from '../fixtures-gen/render.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const FONT = path.join(ROOT, 'node_modules/@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf');

describe('sohoa classify on Decree 30 documents', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it('lists the types with their Annex III abbreviations (classify types)', async () => {
    const res = await runCli(['classify', 'types', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const types = (JSON.parse(res.stdout) as { types: Array<{ id: string; abbr?: string; group?: string }> }).types;
    expect(types.filter((t) => t.group === 'administrative')).toHaveLength(29);
    expect(types.find((t) => t.id === 'to-trinh')?.abbr).toBe('TTr');
    expect(types.map((t) => t.id)).toEqual(expect.arrayContaining(['hoa-don', 'can-cuoc', 'khac']));
  });

  it('reads a born-digital two-column header whose number and notation sit on separate lines', async () => {
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(fontkit);
    const font = await pdf.embedFont(readFileSync(FONT), { subset: true });
    const page = pdf.addPage([595, 842]);
    const at = (t: string, x: number, y: number, size = 12) => page.drawText(t, { x, y, size, font });
    at('ỦY BAN NHÂN DÂN', 60, 790);
    at('THÀNH PHỐ ĐÀ NẴNG', 55, 774);
    at('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 300, 790);
    at('Độc lập - Tự do - Hạnh phúc', 340, 774);
    at('Số: 507', 70, 745);
    at('/UBND-KGVX', 70, 729);
    at('Đà Nẵng, ngày 24 tháng 01 năm 2025', 320, 745);
    at('V/v triển khai chuyển đổi số năm 2025', 50, 705, 11);
    ['Kính gửi: Các sở, ban, ngành thành phố', 'Thực hiện kế hoạch của Ủy ban nhân dân thành phố về chuyển đổi số,', 'Ủy ban nhân dân thành phố đề nghị các cơ quan, đơn vị triển khai các nội dung sau.', 'Nơi nhận: Như trên; Lưu: VT.'].forEach((l, i) =>
      at(l, 60, 660 - i * 20),
    );
    const file = path.join(dir, 'cong-van-507.pdf');
    writeFileSync(file, await pdf.save());
    const res = await runCli(['classify', file, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const c = (JSON.parse(res.stdout) as { results: Array<Record<string, any>> }).results[0]!.classification;
    expect(c.type).toBe('cong-van');
    expect(c.metadata.codeNumber).toMatchObject({ value: '507', source: 'printed' });
    expect(c.metadata.codeNotation.value).toBe('UBND-KGVX');
    expect(c.metadata.issuedDate).toMatchObject({ value: '2025-01-24', source: 'printed' });
    expect(c.metadata.issuedDate.confidence).toBeGreaterThanOrEqual(0.9);
    expect(c.metadata.textSource).toEqual({ used: 'text-layer', textLayer: 'used' });
  });

  it('rejects an accent-stripped text layer and reads the scan by OCR instead', async () => {
    const lines = ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ ĐÀ NẴNG', 'Số: 542/TB-UBND', 'Đà Nẵng, ngày 08 tháng 01 năm 2025', 'THÔNG BÁO', 'Kết luận của Chủ tịch Ủy ban nhân dân', 'thành phố tại cuộc họp giao ban tháng 01.'];
    const scan = await renderPage({ lines, format: 'jpeg', dpi: 200 });
    const pdf = await PDFDocument.create();
    const img = await pdf.embedJpg(scan.image);
    const page = pdf.addPage([(scan.width * 72) / 200, (scan.height * 72) / 200]);
    page.drawImage(img, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
    // An old OCR's invisible text layer, stripped of its marks.
    const helv = await pdf.embedFont(StandardFonts.Helvetica);
    ['UBND THANH PHO DA NANG CONG Hc', 'So 542 TB UBND Da Nang ngay 08 thang 01 nam 2025', 'THONG BAO Ket luan cua Chu tich Uy ban nhan dan thanh pho', 'tai cuoc hop giao ban thang 01'].forEach((t, i) =>
      page.drawText(t, { x: 20, y: page.getHeight() - 40 - i * 14, size: 9, font: helv, opacity: 0 }),
    );
    const file = path.join(dir, 'scan-with-garbage-layer.pdf');
    writeFileSync(file, await pdf.save());
    const res = await runCli(['classify', file, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const c = (JSON.parse(res.stdout) as { results: Array<Record<string, any>> }).results[0]!.classification;
    expect(c.metadata.textSource).toEqual({ used: 'ocr', textLayer: 'rejected: no-diacritics' });
    expect(c.type).toBe('thong-bao');
    expect(c.metadata.codeNotation?.value).toBe('TB-UBND');
    // Read by OCR alone: never 0.9 or more.
    for (const k of ['codeNumber', 'codeNotation', 'issuedDate']) if (c.metadata[k]) expect(c.metadata[k].confidence, k).toBeLessThan(0.9);
  }, 120_000);
});
