import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/log.js';
import { maskName, maskPersonalData } from '../../src/domain/privacy.js';

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
});
