/**
 * Document type ids. They are a contract: reports, archive keys and retention rules use them,
 * so they never change. Users add their own types through a rules file (see rules.ts).
 */
export const BUILTIN_TYPES = [
  { id: 'don-de-nghi', name: 'Đơn đề nghị', nameEn: 'Application or request letter' },
  { id: 'to-khai', name: 'Tờ khai', nameEn: 'Declaration form' },
  { id: 'giay-khai-sinh', name: 'Giấy khai sinh', nameEn: 'Birth certificate' },
  { id: 'can-cuoc', name: 'Căn cước', nameEn: 'Identity card' },
  { id: 'giay-chung-nhan-qsdd', name: 'Giấy chứng nhận quyền sử dụng đất', nameEn: 'Land-use right certificate' },
  { id: 'quyet-dinh', name: 'Quyết định', nameEn: 'Decision' },
  { id: 'cong-van', name: 'Công văn', nameEn: 'Official letter' },
  { id: 'giay-uy-quyen', name: 'Giấy ủy quyền', nameEn: 'Power of attorney' },
  { id: 'hop-dong', name: 'Hợp đồng', nameEn: 'Contract' },
  { id: 'bien-ban', name: 'Biên bản', nameEn: 'Minutes or record' },
  { id: 'giay-phep', name: 'Giấy phép', nameEn: 'Licence or permit' },
  { id: 'bien-lai', name: 'Biên lai', nameEn: 'Receipt or invoice' },
  { id: 'giay-xac-nhan', name: 'Giấy xác nhận', nameEn: 'Certificate of confirmation' },
  { id: 'khac', name: 'Khác', nameEn: 'Other' },
] as const;

export type BuiltinTypeId = (typeof BUILTIN_TYPES)[number]['id'];

/** The fallback when nothing matches. */
export const OTHER_TYPE = 'khac';

export const TYPE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
