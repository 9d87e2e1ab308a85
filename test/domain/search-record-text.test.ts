import { describe, expect, it } from 'vitest';
import { recordText } from '../../src/domain/search-text.js';

describe('recordText', () => {
  it('indexes the record values, signers included, and leaves out where they came from and review findings', () => {
    const text = recordText({
      name: 'thong-bao.pdf',
      dossierCode: 'EV-1',
      type: 'thong-bao',
      metadata: {
        codeNumber: { value: '15', confidence: 0.95, source: 'printed', via: 'text-layer' },
        issuedDate: { value: '2026-12-03', confidence: 0.6, source: 'signature', via: 'claimed' },
        signers: [{ commonName: 'UBND xã Long Đức', signingTime: '2026-12-03T13:05:09+07:00', timeSource: 'claimed', intact: true }],
        textSource: { used: 'text-layer', textLayer: 'used' },
        notes: ['metadata:date-from-signature'],
      },
    }).split('\n');
    expect(text).toEqual(expect.arrayContaining(['thong-bao.pdf', 'EV-1', '15', '2026-12-03', 'UBND xã Long Đức']));
    for (const junk of ['printed', 'signature', 'text-layer', 'claimed', 'metadata:date-from-signature', 'used']) expect(text).not.toContain(junk);
  });
});
