import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/log.js';
import { createHash } from 'node:crypto';
import { maskCitizenIdsInName, maskName, maskPersonalData } from '../../src/domain/privacy.js';

function logged(format: 'text' | 'json', write: (log: ReturnType<typeof createLogger>) => void): string {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  write(createLogger({ stream, format, verbose: true }));
  return out;
}

describe('personal data in logs (Decree 13/2023)', () => {
  it('masks a citizen ID in a log line: 084012341234 → 0840••••1234', () => {
    const text = logged('text', (log) => log.info('classified scan-7.txt: CCCD số 084012341234 cấp ngày 01/01/2021'));
    expect(text).toContain('0840••••1234');
    expect(text).not.toContain('084012341234');
    const json = logged('json', (log) => log.debug('classified', { subject: 'cấp lại CCCD 084012341234' }));
    expect(json).toContain('0840••••1234');
    expect(json).not.toContain('084012341234');
  });

  it('masks old 9-digit CMND numbers and phone numbers, with or without separators', () => {
    expect(maskPersonalData('CMND 331234567')).toBe('CMND 33••••67');
    expect(maskPersonalData('ĐT: 0912 345 678')).toBe('ĐT: 09••••78');
    expect(maskPersonalData('gọi 0912.345.678 hoặc +84912345678')).toBe('gọi 09••••78 hoặc +84••••78');
  });

  it('masks names after form labels and honorifics, keeping initials', () => {
    expect(maskPersonalData('Họ, chữ đệm, tên: Nguyễn Văn An')).toBe('Họ, chữ đệm, tên: N••••• V•• A•');
    expect(maskPersonalData('Họ và tên / Full name: TRẦN THỊ LAN')).toBe('Họ và tên / Full name: T••• T•• L••');
    expect(maskPersonalData('Tôi tên là: Sơn Thị Mai, sinh năm 1980')).toBe('Tôi tên là: S•• T•• M••, sinh năm 1980');
    expect(maskPersonalData('Xét đề nghị của ông Lê Minh Tuấn về việc cấp giấy')).toBe('Xét đề nghị của ông L• M••• T••• về việc cấp giấy');
    expect(maskPersonalData('Hộ ông (bà): Phạm Văn Sang')).toBe('Hộ ông (bà): P••• V•• S•••');
    expect(maskName('Kim Sóc Khum')).toBe('K•• S•• K•••');
  });

  it('leaves document numbers, dates and agency names alone', () => {
    const line = 'Số: 123/QĐ-UBND, Trà Vinh, ngày 13/01/2022, Ông Chủ tịch UBND xã, thửa đất số 12';
    expect(maskPersonalData(line)).toBe(line);
  });

  it('never touches SHA-256 values or UUIDs, even where a digit run between hex letters looks like an ID (issue 16)', () => {
    // About 14% of random SHA-256 values used to hold a 9- or 12-digit run between letters.
    const hashes = Array.from({ length: 2000 }, (_, i) => createHash('sha256').update(`page-${i}`).digest('hex'));
    const withRun = hashes.filter((h) => /(?<!\d)(\d{9}|\d{12})(?!\d)/.test(h));
    expect(withRun.length).toBeGreaterThan(50); // the case really occurs in this sample
    for (const h of hashes) {
      const line = `archived scan.pdf sha256=${h} (CCCD 084012341234)`;
      expect(maskPersonalData(line)).toBe(`archived scan.pdf sha256=${h} (CCCD 0840••••1234)`);
    }
    expect(maskPersonalData(`sha256:${hashes[0]!.toUpperCase()}`)).toBe(`sha256:${hashes[0]!.toUpperCase()}`);
    const uuid = '3f2a9c1e-4b7d-4e2f-9a1b-123456789012';
    expect(maskPersonalData(`run ${uuid}`)).toBe(`run ${uuid}`);
  });

  it('leaves pixel counts, sizes and 12-digit non-ID numbers alone, beside real ID patterns', () => {
    expect(maskPersonalData('page has 150000000 pixels, over the limit of 150000000 px')).toBe('page has 150000000 pixels, over the limit of 150000000 px');
    expect(maskPersonalData('read 123456789 bytes in 104857600 B')).toBe('read 123456789 bytes in 104857600 B');
    // 12 digits that cannot be a CCCD (its first three digits are a province, 001–096): a size, a timestamp.
    expect(maskPersonalData('size 104857600000, run 202612010807, ratio 0.123456789012')).toBe('size 104857600000, run 202612010807, ratio 0.123456789012');
    // … and real ones next to them are still masked.
    expect(maskPersonalData('CCCD 001204012345 và 096123456789, CMND 331234567 số tiền 150000000 đồng')).toBe(
      'CCCD 0012••••2345 và 0961••••6789, CMND 33••••67 số tiền 150000000 đồng',
    );
    expect(maskPersonalData('scan-084012341234.jpg, 12000x12500 = 150000000px')).toBe('scan-0840••••1234.jpg, 12000x12500 = 150000000px');
  });

  it('masks citizen IDs in names for archive keys with ASCII only', () => {
    expect(maskCitizenIdsInName('cccd-084012341234')).toBe('cccd-0840xxxx1234');
    expect(maskCitizenIdsInName('CCCD084012341234_mat-truoc')).toBe('CCCD0840xxxx1234_mat-truoc');
    expect(maskCitizenIdsInName('cmnd 331234567.tif')).toBe('cmnd 33xxxx67.tif');
    expect(maskCitizenIdsInName('quyet-dinh-12')).toBe('quyet-dinh-12');
  });
});
