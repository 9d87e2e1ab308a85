import type { Catalogue } from './en.js';

/** The Vietnamese catalogue (the default language): every key of en.ts, same `{placeholders}`. */
export const vi: Catalogue = {
  'label.error': 'Lỗi',
  'label.hint': 'Gợi ý',
  'label.warning': 'Cảnh báo',
  'label.causedBy': 'Nguyên nhân',
  'main.signal': 'Đã nhận {signal}: đang hoàn tất phần việc dở dang; nhấn Ctrl-C lần nữa để dừng ngay.',
  'main.helpAfterError': '(chạy với --help để xem cách dùng)',
  'main.langOption': 'ngôn ngữ của thông báo, tiến độ, tóm tắt và báo cáo: vi hoặc en (mặc định vi; SOHOA_LANG)',
  'main.badLang': 'Cần vi hoặc en cho --lang, nhận được "{value}" (ngôn ngữ tesseract như vie+eng nay dùng --ocr-lang)',
  'error.pathMissing': 'Không thể {syscall} {path}: không có tệp hoặc thư mục này',
  'error.pathDenied': 'Không thể {syscall} {path}: không có quyền truy cập',
  'error.unexpected': 'Lỗi không lường trước: {message}',
  'hint.checkPath': 'Kiểm tra đường dẫn, quyền truy cập và dung lượng đĩa còn trống.',
  'hint.bug': 'Đây là lỗi của sohoa; hãy chạy lại với --verbose và gửi báo cáo kèm vết ngăn xếp (stack trace).',
  'error.interrupted': 'Đã bị ngắt',

  'log.warn': 'cảnh báo',
  'log.error': 'lỗi',
  'log.debug': 'gỡ lỗi',
};
