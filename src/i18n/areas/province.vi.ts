import type { provinceEn } from './province.en.js';

/** Vietnamese texts of the province area: every key of province.en.ts. Merged into vi.ts. */
export const provinceVi: { readonly [K in keyof typeof provinceEn]: string } = {
  'catalog.description': 'bản thân danh mục: nâng cấp danh mục PostgreSQL dùng chung, chép danh mục của một máy trạm vào đó',
  'catalog.migrate.description': 'đưa lược đồ danh mục lên phiên bản của sohoa này (chạy lại vẫn an toàn; mỗi lúc một máy, có khóa)',
  'catalog.migrate.more': 'Danh mục dùng chung (catalog.url: postgres://…) chỉ được nâng cấp bằng lệnh này, không bao giờ tự động: các worker ở máy khác từ chối lược đồ không phải của mình (mã thoát 3) cho đến khi chúng cũng được nâng cấp. Danh mục SQLite tự nâng cấp khi mở.',
  'catalog.migrated': 'Danh mục {location}: lược đồ phiên bản {from} → {to} ({applied})',
  'catalog.upToDate': 'Danh mục {location}: lược đồ phiên bản {to}, đã mới nhất',
  'schedule.help.worker': 'thay vào đó in dịch vụ systemd cho một worker trên danh mục dùng chung (luôn chạy, tự khởi động lại sau sự cố kéo dài)',
  'schedule.atOrWorker': 'Cần --at HH:MM cho lần chạy hằng đêm, hoặc --worker cho dịch vụ worker',
  'schedule.workerExitCodes': '# Mã thoát: 130 dừng bởi SIGTERM (sau khi xong bước đang làm), 5 danh mục hoặc kho lưu trữ không truy cập được lâu hơn catalog.outageMinutes (systemd khởi động lại), 3 cấu hình sai hoặc lược đồ không phải của sohoa này.',
  'catalog.unavailable': 'Không truy cập được danh mục {location}: {detail}',
  'catalog.unavailableHint': 'Kiểm tra PostgreSQL đang chạy và kết nối được, và thông tin đăng nhập (PGPASSWORD, ~/.pgpass hoặc catalog.passwordFile).',
  'catalog.refused': 'Danh mục {location} từ chối thông tin đăng nhập: {detail}',
  'catalog.refusedHint': 'Kiểm tra mật khẩu: tệp do catalog.passwordFile chỉ định nếu có, nếu không thì PGPASSWORD, rồi ~/.pgpass.',
  'catalog.noDatabase': 'Cơ sở dữ liệu của danh mục {location} không có trên máy chủ: {detail}',
  'catalog.noDatabaseHint': 'Tạo cơ sở dữ liệu (createdb), rồi chạy `sohoa catalog migrate`.',
  'catalog.urlPassword': 'URL danh mục {url} có chứa mật khẩu',
  'catalog.schemaEmpty': 'Danh mục {location} chưa có lược đồ sohoa (sohoa này cần phiên bản {known})',
  'catalog.schemaOlder': 'Danh mục {location} có lược đồ phiên bản {current}; sohoa này cần phiên bản {known}',
  'catalog.migrateHint': 'Chạy `sohoa catalog migrate` một lần (chạy lại vẫn an toàn), rồi khởi động các worker.',
  'catalog.schemaNewer': 'Danh mục {location} có lược đồ phiên bản {current}, mới hơn phiên bản sohoa này biết ({known})',
  'catalog.schemaNewerHint': 'Nâng cấp sohoa trên máy này lên đúng phiên bản các máy khác đang chạy.',
};
