/**
 * Generates the demo inbox shipped in fixtures/demo-inbox/: three dossiers of the sample
 * register (a commune, a district and a provincial department), components (`ho-so`) and
 * results (`ket-qua`), as PNG, JPEG, a two-page TIFF and an image-only PDF, 200–300 dpi.
 * Run: npx tsx scripts/make-demo-inbox.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { renderPage } from '../test/fixtures-gen/render.js';
import { imagePdf } from '../test/fixtures-gen/files.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'fixtures/demo-inbox');
const HEAD = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

// Dossier codes of fixtures/register/tra-vinh-2022.csv whose digitization flags are 0.
const COMMUNE = { unit: '29236', dossier: '29236-2022-0000152' };
const DISTRICT = { unit: '842', dossier: '842-2022-0000024' };
const PROVINCE = { unit: '84', dossier: '84-2022-0000109' };

type Doc = { at: { unit: string; dossier: string }; part: 'ho-so' | 'ket-qua'; file: string; pages: string[][]; format: 'png' | 'jpeg' | 'tiff' | 'pdf'; dpi: number; colour?: boolean };

const DOCS: Doc[] = [
  {
    at: COMMUNE, part: 'ho-so', file: 'to-khai-khai-sinh.png', format: 'png', dpi: 300,
    pages: [[...HEAD, 'TỜ KHAI ĐĂNG KÝ KHAI SINH', 'Kính gửi: Ủy ban nhân dân Phường 4, thành phố Trà Vinh', 'Họ, chữ đệm, tên người yêu cầu: Trần Văn Bình', 'Nơi cư trú: khóm 3, Phường 4, thành phố Trà Vinh', 'Quan hệ với người được khai sinh: cha', 'Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:', 'Họ, chữ đệm, tên: Trần Ngọc Anh; giới tính: nữ', 'Ngày, tháng, năm sinh: 02/02/2022; nơi sinh: Bệnh viện Đa khoa tỉnh Trà Vinh', 'Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật.', 'Trà Vinh, ngày 05 tháng 02 năm 2022']],
  },
  {
    at: COMMUNE, part: 'ket-qua', file: 'giay-khai-sinh.jpg', format: 'jpeg', dpi: 300, colour: true,
    pages: [[...HEAD, 'GIẤY KHAI SINH', 'Số: 45/2022', 'Họ, chữ đệm, tên: Trần Ngọc Anh', 'Ngày, tháng, năm sinh: 02/02/2022, ghi bằng chữ: ngày hai tháng hai năm hai nghìn không trăm hai mươi hai', 'Giới tính: nữ; dân tộc: Kinh; quốc tịch: Việt Nam', 'Nơi đăng ký khai sinh: Ủy ban nhân dân Phường 4, thành phố Trà Vinh, tỉnh Trà Vinh', 'Ngày 07 tháng 02 năm 2022', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']],
  },
  {
    at: DISTRICT, part: 'ho-so', file: 'don-de-nghi.tif', format: 'tiff', dpi: 200,
    pages: [
      [...HEAD, 'ĐƠN ĐỀ NGHỊ', 'Cấp giấy chứng nhận đăng ký hộ kinh doanh', 'Kính gửi: Phòng Tài chính - Kế hoạch thành phố Trà Vinh', 'Tôi là: Lê Thị Hoa, chủ hộ kinh doanh', 'Địa chỉ: số 12 đường Nguyễn Đáng, Phường 7, thành phố Trà Vinh', 'Đề nghị đăng ký hộ kinh doanh với nội dung sau:', 'Tên hộ kinh doanh: Tạp hóa Hoa Mai', 'Ngành, nghề kinh doanh: bán lẻ hàng tạp hóa'],
      ['Vốn kinh doanh: 150.000.000 đồng', 'Số lượng lao động: 02 người', 'Tôi cam kết chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác và trung thực của nội dung đơn này.', 'Trà Vinh, ngày 20 tháng 12 năm 2022', 'Người đề nghị', '(Ký, ghi rõ họ tên)', 'Lê Thị Hoa'],
    ],
  },
  {
    at: DISTRICT, part: 'ket-qua', file: 'giay-chung-nhan-dkkd.pdf', format: 'pdf', dpi: 200,
    pages: [['ỦY BAN NHÂN DÂN THÀNH PHỐ TRÀ VINH', 'PHÒNG TÀI CHÍNH - KẾ HOẠCH', 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', 'Số: 58A8012345', 'Đăng ký lần đầu: ngày 09 tháng 01 năm 2023', '1. Tên hộ kinh doanh: Tạp hóa Hoa Mai', '2. Địa điểm kinh doanh: số 12 đường Nguyễn Đáng, Phường 7, thành phố Trà Vinh', '3. Ngành, nghề kinh doanh: bán lẻ hàng tạp hóa', '4. Vốn kinh doanh: 150.000.000 đồng', 'TRƯỞNG PHÒNG']],
  },
  {
    at: PROVINCE, part: 'ho-so', file: 'cong-van-de-nghi.jpg', format: 'jpeg', dpi: 300,
    pages: [['ỦY BAN NHÂN DÂN HUYỆN CÀNG LONG', 'Số: 215/UBND-VP', 'V/v đề nghị thẩm định dự thảo quyết định', 'Kính gửi: Sở Y tế tỉnh Trà Vinh', 'Thực hiện kế hoạch kiểm tra an toàn thực phẩm năm 2022, Ủy ban nhân dân huyện Càng Long đề nghị Sở Y tế thẩm định hồ sơ kèm theo công văn này.', 'Hồ sơ gồm: dự thảo quyết định; báo cáo kết quả kiểm tra; danh sách cơ sở.', 'Càng Long, ngày 05 tháng 9 năm 2022', 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']],
  },
  {
    at: PROVINCE, part: 'ket-qua', file: 'quyet-dinh.png', format: 'png', dpi: 300,
    pages: [['ỦY BAN NHÂN DÂN TỈNH TRÀ VINH', 'SỞ Y TẾ', 'Số: 1234/QĐ-SYT', 'Trà Vinh, ngày 20 tháng 9 năm 2022', 'QUYẾT ĐỊNH', 'Về việc công nhận kết quả thẩm định hồ sơ an toàn thực phẩm', 'GIÁM ĐỐC SỞ Y TẾ TỈNH TRÀ VINH', 'Căn cứ Nghị định số 15/2018/NĐ-CP ngày 02 tháng 02 năm 2018 của Chính phủ;', 'QUYẾT ĐỊNH:', 'Điều 1. Công nhận kết quả thẩm định hồ sơ của Ủy ban nhân dân huyện Càng Long.', 'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.', 'GIÁM ĐỐC']],
  },
];

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  for (const d of DOCS) {
    const dir = path.join(OUT, d.at.unit, d.at.dossier, d.part);
    mkdirSync(dir, { recursive: true });
    const rendered = [];
    for (const [i, lines] of d.pages.entries()) {
      rendered.push(await renderPage({ lines, page: i + 1, dpi: d.dpi, colour: d.colour, grain: 4, noise: 0.00001, rotateDeg: i % 2 ? -0.5 : 0.7, format: d.format === 'png' ? 'png' : 'jpeg' }));
    }
    const target = path.join(dir, d.file);
    if (d.format === 'pdf') writeFileSync(target, await imagePdf(rendered.map((r) => r.image), d.dpi));
    else if (d.format === 'tiff') {
      const raws = await Promise.all(rendered.map((r) => sharp(r.image).greyscale().raw().toBuffer({ resolveWithObject: true })));
      const { width, height } = raws[0]!.info;
      const all = Buffer.concat(raws.map((r) => r.data));
      writeFileSync(target, await sharp(all, { raw: { width, height: height * raws.length, channels: 1, pageHeight: height } }).withMetadata({ density: d.dpi }).tiff({ compression: 'lzw' }).toBuffer());
    } else if (d.format === 'png') {
      writeFileSync(target, await sharp(rendered[0]!.image).greyscale().png({ palette: true, colours: 16, compressionLevel: 9 }).withMetadata({ density: d.dpi }).toBuffer());
    } else writeFileSync(target, rendered[0]!.image);
  }
}

await main();
