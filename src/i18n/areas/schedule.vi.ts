import type { scheduleEn } from './schedule.en.js';

/** Vietnamese comments of the systemd units `sohoa schedule` prints: every key of schedule.en.ts. Merged into vi.ts. */
export const scheduleVi: { readonly [K in keyof typeof scheduleEn]: string } = {
  'unit.secrets': 'Các thông tin bí mật (mật khẩu tệp P12, mã PIN thiết bị ký, khóa AWS) đặt trong tệp này, quyền 0600, không bao giờ đưa vào dòng lệnh.',
  'unit.exit2': 'Mã thoát 2 nghĩa là một số đầu vào bị loại (phần còn lại đã xử lý xong): không tính là dịch vụ chạy lỗi.',
  'unit.sandbox': 'Cô lập: chạy bằng người dùng riêng, không được nâng quyền, toàn bộ hệ thống tệp chỉ đọc trừ thư mục làm việc (danh mục, tệp làm việc); thư mục /tmp riêng.',
  'unit.sandboxArchive': 'Cô lập: chạy bằng người dùng riêng, không được nâng quyền, toàn bộ hệ thống tệp chỉ đọc trừ thư mục làm việc (danh mục, tệp làm việc) và thư mục lưu trữ; thư mục /tmp riêng.',
  'unit.failureAlert': 'Thay bằng cách cảnh báo của đơn vị (thư điện tử, webhook nhóm chat…); nhật ký của lần chạy: journalctl -u {name}.service',
  'unit.workerSecrets': 'SOHOA_CATALOG_URL, mật khẩu PostgreSQL (PGPASSWORD) hoặc catalog.passwordFile, khóa S3, mật khẩu tệp P12 hoặc mã PIN thiết bị ký: đặt trong tệp này, quyền 0600, không bao giờ đưa vào dòng lệnh.',
  'unit.workerExit': '130: dừng bởi SIGTERM sau khi xong bước đang làm. Mã thoát 5 (danh mục hoặc kho lưu trữ không truy cập được lâu hơn catalog.outageMinutes) và mọi mã khác: khởi động lại sau một khoảng nghỉ.',
  'unit.installOnce': 'một lần, nếu người dùng chưa tồn tại',
  'unit.installRunLog': 'nhật ký dạng dòng JSON của từng lần chạy',
  'unit.installNextRun': 'thời điểm chạy lần tới',
  'unit.installWorkerLog': 'nhật ký dạng dòng JSON của worker',
};
