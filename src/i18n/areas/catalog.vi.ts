import type { catalogEn } from './catalog.en.js';

/** Văn bản tiếng Việt của `sohoa catalog` (copy). */
export const catalogVi: { readonly [K in keyof typeof catalogEn]: string } = {
  'cmd.catalogCopy.description': 'chép một danh mục vào danh mục khác (SQLite của đơn vị vào PostgreSQL của tỉnh); chạy lại an toàn và tiếp tục được',
  'cmd.catalogCopy.from': 'danh mục cần chép: sqlite:ĐƯỜNG_DẪN (thư mục làm việc hoặc catalog.sqlite của nó); chỉ đọc',
  'cmd.catalogCopy.to': 'danh mục đích: postgres://user@host:port/db hoặc sqlite:ĐƯỜNG_DẪN (mặc định: catalog.url); không ghi mật khẩu trong đó',
  'cmd.catalogCopy.batch': 'số tài liệu mỗi giao dịch',
  'catalogCopy.versions': 'Danh mục {source} có phiên bản lược đồ {from}, danh mục {target} có {to}: chỉ chép được khi cùng phiên bản',
  'catalogCopy.migrateTarget': 'Chạy `sohoa catalog migrate` trên {target} trước.',
  'catalogCopy.migrateSource': 'Nâng cấp sohoa và chạy nó một lần trên {source} để nâng cấp danh mục.',
  'catalogCopy.badUrl': 'Cần sqlite:ĐƯỜNG_DẪN hoặc postgres://… cho {flag}, nhận được "{url}"',
  'catalogCopy.passwordInUrl': 'URL danh mục của {flag} chứa mật khẩu; mật khẩu không bao giờ được đặt trong URL, tham số dòng lệnh hay tệp cấu hình',
  'catalogCopy.passwordHint': 'Bỏ mật khẩu khỏi URL và đặt PGPASSWORD, một dòng trong ~/.pgpass, hoặc catalog.passwordFile trong cấu hình.',
  'catalogCopy.noSource': 'Không có danh mục tại {file}',
  'catalogCopy.noSourceHint': 'Cho --from sqlite:ĐƯỜNG_DẪN tới thư mục làm việc hoặc tệp catalog.sqlite của nó.',
  'catalogCopy.same': 'Nguồn và đích là cùng một danh mục ({name})',
  'catalogCopy.noTarget': 'Cần --to postgres://… (hoặc catalog.url trong cấu hình), không có',
  'catalogCopy.title': 'Đã chép {source} vào {target} (lược đồ phiên bản {version}, {batches} giao dịch):',
  'catalogCopy.table': 'bảng',
  'catalogCopy.copied': 'đã chép',
  'catalogCopy.existing': 'đã có',
  'catalogCopy.updated': 'bổ sung',
  'catalogCopy.indexed': 'Tìm kiếm: đã lập chỉ mục {n} tài liệu được chép ở đích.',
  'catalogCopy.reindex': 'Tìm kiếm: chỉ mục ở đích chưa được ghi; chạy `sohoa search reindex` trên danh mục đích.',
  'catalogCopy.unfinished': '{n} tài liệu chưa được lưu trữ: bản gốc và thư mục làm việc của chúng nằm trên máy này. Hãy xử lý xong ở đây (sohoa run) rồi chép lại, nếu không các worker ở nơi khác không đọc được chúng.',
  'catalogCopy.staged': 'Bản gốc của các tài liệu chưa xong đã được đưa lên vùng chờ cho các worker: {staged} tải lên, {already} đã có sẵn',
  'catalogCopy.originalUnavailable': 'Chưa đưa được bản gốc của {path} lên: {reason}. Hãy quét lại, hoặc xử lý xong tài liệu đó tại đây.',
};
