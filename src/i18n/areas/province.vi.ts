import type { provinceEn } from './province.en.js';

/** Vietnamese texts of the province area: every key of province.en.ts. Merged into vi.ts. */
export const provinceVi: { readonly [K in keyof typeof provinceEn]: string } = {
  'catalog.description': 'bản thân danh mục: nâng cấp danh mục PostgreSQL dùng chung, chép danh mục của một máy trạm vào đó',
  'catalog.migrate.description': 'đưa lược đồ danh mục lên phiên bản của sohoa này (chạy lại vẫn an toàn; mỗi lúc một máy, có khóa)',
  'catalog.migrate.more': 'Danh mục dùng chung (catalog.url: postgres://…) chỉ được nâng cấp bằng lệnh này, không bao giờ tự động: các worker ở máy khác từ chối lược đồ không phải của mình (mã thoát 3) cho đến khi chúng cũng được nâng cấp. Danh mục SQLite tự nâng cấp khi mở.',
  'catalog.migrated': 'Danh mục {location}: lược đồ phiên bản {from} → {to} ({applied})',
  'catalog.upToDate': 'Danh mục {location}: lược đồ phiên bản {to}, đã mới nhất',
};
