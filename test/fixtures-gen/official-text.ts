/**
 * Texts of official-document-like pages (Decree 30/2020 layout) for the degradation corpus.
 * The `tune` and `holdout` splits draw from different pools, so tuning never sees a holdout text.
 */
export type Split = 'tune' | 'holdout';

export interface OfficialText {
  /** Left header block: agency, sub-unit, number line. */
  left: string[];
  /** Right header block: national motto and place/date. */
  right: string[];
  title: string[];
  body: string[];
}

interface Pool {
  agencies: Array<[string, string]>;
  types: Array<[string, string]>;
  subjects: string[];
  body: string[];
}

const POOLS: Record<Split, Pool> = {
  tune: {
    agencies: [
      ['ỦY BAN NHÂN DÂN', 'XÃ LONG ĐỨC'],
      ['ỦY BAN NHÂN DÂN', 'PHƯỜNG 7'],
      ['ỦY BAN NHÂN DÂN', 'HUYỆN CÀNG LONG'],
    ],
    types: [
      ['QUYẾT ĐỊNH', 'QĐ-UBND'],
      ['THÔNG BÁO', 'TB-UBND'],
      ['KẾ HOẠCH', 'KH-UBND'],
    ],
    subjects: [
      'Về việc cấp giấy chứng nhận quyền sử dụng đất',
      'Về việc tổ chức tiếp nhận hồ sơ trực tuyến',
      'Về việc số hóa kết quả giải quyết thủ tục hành chính',
    ],
    body: [
      'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
      'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;',
      'Xét đề nghị của công chức Địa chính - Xây dựng tại Tờ trình số 15/TTr-ĐC ngày 10 tháng 01 năm 2022.',
      'Điều 1. Cấp giấy chứng nhận cho ông Nguyễn Văn Hùng, thường trú tại ấp Bến Có, với diện tích 250 mét vuông.',
      'Điều 2. Văn phòng Ủy ban nhân dân xã chịu trách nhiệm thi hành Quyết định này kể từ ngày ký.',
      'Thủ tục hành chính được tiếp nhận và trả kết quả tại bộ phận một cửa của Ủy ban nhân dân xã.',
      'Hồ sơ gồm đơn đề nghị, tờ khai, bản sao giấy tờ tùy thân và giấy biên nhận có chữ ký của người nộp.',
      'Người nộp hồ sơ nhận kết quả đúng hẹn, không phải bổ sung giấy tờ khác ngoài danh mục đã niêm yết.',
      'Tỷ lệ hồ sơ được số hóa năm 2022 phải đạt ít nhất 35% đối với cấp xã và 40% đối với cấp huyện.',
      'Các phòng, ban chuyên môn phối hợp rà soát, cập nhật danh mục thủ tục trên hệ thống thông tin.',
    ],
  },
  holdout: {
    agencies: [
      ['ỦY BAN NHÂN DÂN', 'THỊ TRẤN TIỂU CẦN'],
      ['SỞ TƯ PHÁP', 'TỈNH TRÀ VINH'],
      ['ỦY BAN NHÂN DÂN', 'XÃ HÒA THUẬN'],
    ],
    types: [
      ['TỜ TRÌNH', 'TTr-UBND'],
      ['BÁO CÁO', 'BC-STP'],
      ['GIẤY MỜI', 'GM-UBND'],
    ],
    subjects: [
      'Về việc đề nghị phê duyệt danh mục hồ sơ lưu trữ điện tử',
      'Kết quả thực hiện cải cách hành chính quý IV năm 2022',
      'Dự họp triển khai chữ ký số chuyên dùng công vụ',
    ],
    body: [
      'Thực hiện Quyết định số 766/QĐ-TTg ngày 23 tháng 6 năm 2022 của Thủ tướng Chính phủ;',
      'Trong kỳ báo cáo, đơn vị đã tiếp nhận 1.248 hồ sơ, giải quyết đúng hạn 1.196 hồ sơ, đạt 95,8%.',
      'Bộ phận một cửa đã bố trí máy quét, chữ ký số và phần mềm quản lý văn bản cho từng công chức.',
      'Đề nghị các cơ quan, đơn vị cử đại diện lãnh đạo và chuyên viên phụ trách tham dự đầy đủ, đúng giờ.',
      'Thời gian: 14 giờ 00 phút, thứ Năm, ngày 15 tháng 12 năm 2022, tại hội trường tầng 2.',
      'Những khó khăn, vướng mắc: đường truyền chậm, thiết bị cũ, một số hồ sơ giấy bị mờ, rách.',
      'Kiến nghị Ủy ban nhân dân tỉnh bổ sung kinh phí mua sắm thiết bị và đào tạo cán bộ lưu trữ.',
      'Việc bàn giao hồ sơ điện tử vào lưu trữ lịch sử được thực hiện theo hướng dẫn của Bộ Nội vụ.',
      'Ông Trần Quốc Khánh, Phó Chủ tịch phụ trách khối văn hóa - xã hội, chủ trì cuộc họp.',
      'Mọi chi tiết xin liên hệ Văn phòng, số điện thoại 0294 3862 517, thư điện tử vanphong@travinh.gov.vn.',
    ],
  },
};

/** A deterministic official page text: index `n` picks agency, type and a rotation of the body pool. */
export function officialText(split: Split, n: number, bodyLines = 8): OfficialText {
  const p = POOLS[split];
  const [agency, unit] = p.agencies[n % p.agencies.length]!;
  const [type, code] = p.types[(n + 1) % p.types.length]!;
  const body: string[] = [];
  for (let i = 0; i < bodyLines; i++) body.push(p.body[(i + n * 3) % p.body.length]!);
  return {
    left: [agency, unit, `Số: ${120 + n * 7}/${code}`],
    right: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', `Trà Vinh, ngày ${10 + (n % 18)} tháng ${1 + (n % 12)} năm 2022`],
    title: [type, p.subjects[n % p.subjects.length]!],
    body,
  };
}

/** A sparse page: 3–5 short lines and nothing else (the last page of a decision, a cover note). */
export function sparseText(split: Split, n: number): OfficialText {
  const p = POOLS[split];
  const count = 3 + (n % 3);
  const body: string[] = [];
  for (let i = 0; i < count; i++) body.push(p.body[(n * 2 + i) % p.body.length]!);
  return { left: [], right: [], title: [], body };
}
