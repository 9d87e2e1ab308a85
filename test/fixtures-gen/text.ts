/** Vietnamese administrative text for generated page images: a decision (quyết định) of a commune. */
const HEADER = [
  'ỦY BAN NHÂN DÂN XÃ LONG ĐỨC',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
];

const BODY = [
  'QUYẾT ĐỊNH',
  'Về việc cấp giấy chứng nhận quyền sử dụng đất',
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
  'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;',
  'Xét đề nghị của công chức Địa chính - Xây dựng tại Tờ trình số 15/TTr-ĐC;',
  'Điều 1. Cấp giấy chứng nhận cho ông Nguyễn Văn Hùng, thường trú tại ấp Bến Có.',
  'Điều 2. Văn phòng Ủy ban nhân dân xã chịu trách nhiệm thi hành Quyết định này.',
  'Điều 3. Quyết định có hiệu lực kể từ ngày ký và được lưu trữ điện tử.',
  'Nơi nhận: như Điều 2; lưu văn thư, hồ sơ một cửa.',
  'Thủ tục hành chính được tiếp nhận và trả kết quả tại bộ phận một cửa.',
  'Hồ sơ gồm đơn đề nghị, tờ khai, bản sao giấy tờ tùy thân và biên nhận.',
  'Người nộp hồ sơ nhận kết quả đúng hẹn, không phải bổ sung giấy tờ khác.',
  'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo quy định hiện hành.',
  'Chủ tịch Ủy ban nhân dân xã ký duyệt ngày 13 tháng 01 năm 2022.',
];

/** Lines of page `n` (1-based): the header, then body lines rotated so pages differ. */
export function pageLines(n: number, bodyLines = 10): string[] {
  const body: string[] = [];
  for (let i = 0; i < bodyLines; i++) body.push(BODY[(i + (n - 1) * 3) % BODY.length]!);
  return [...HEADER, `Số: ${String(100 + n)}/QĐ-UBND`, ...body];
}
