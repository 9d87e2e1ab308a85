import { describe, expect, it } from 'vitest';
import { InputRejectedError } from '../../../src/errors.js';
import { t } from '../../../src/i18n/index.js';
import { withInboxNames } from '../../../src/stages/originals/read.js';

describe('withInboxNames', () => {
  it('puts the inbox path back in the message and in the catalogue params, keeping the key', () => {
    const local = '/ws/tmp/originals/ab12.png';
    const file = '/srv/inbox/29236/HS-1/ho-so/don.png';
    const err = new InputRejectedError('low-dpi', `Expected at least 200 dpi for ${local}, page 1, got 96 dpi (metadata)`, {
      file: local,
      key: 'reject.lowDpi',
      params: { minDpi: 200, file: local, page: 1, dpi: 96, source: 'metadata' },
      hintKey: 'reject.lowDpiHint',
      hintParams: { minDpi: 200 },
    });
    const named = withInboxNames(err, [{ file, local, sha256: 'ab12' }]) as InputRejectedError;
    expect(named.message).toBe(`Expected at least 200 dpi for ${file}, page 1, got 96 dpi (metadata)`);
    expect(named).toMatchObject({ file, reason: 'low-dpi', key: 'reject.lowDpi', params: { file, minDpi: 200 }, hintKey: 'reject.lowDpiHint' });
    expect(t(named.key!, named.params, 'en')).toBe(named.message);
    expect(t(named.key!, named.params, 'vi')).toContain(`${file}, trang 1`);
  });
});
