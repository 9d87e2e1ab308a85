import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ecdsaRawToDer } from '../../src/adapters/signers/common.js';

describe('ecdsaRawToDer (PKCS#11 r||s to the DER a CMS carries)', () => {
  it('gives the bytes OpenSSL writes for the same signature, with and without high bits set', () => {
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    let highBit = 0;
    for (let i = 0; i < 40; i++) {
      const data = Buffer.from(`message ${i}`);
      const raw = crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      if (raw[0]! >= 0x80 || raw[32]! >= 0x80) highBit++;
      // ECDSA is randomised: compare with OpenSSL's own DER of the same (r, s).
      const der = ecdsaRawToDer(raw);
      expect(crypto.verify('sha256', data, { key: privateKey, dsaEncoding: 'der' }, der)).toBe(true);
      expect(der.equals(derOf(raw))).toBe(true);
    }
    expect(highBit).toBeGreaterThan(0);
  });
});

/** Reference DER: INTEGERs minimal, with a 0x00 before a high bit. */
function derOf(raw: Buffer): Buffer {
  const int = (b: Buffer) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0 && b[i + 1]! < 0x80) i++;
    const v = b[i]! >= 0x80 ? Buffer.concat([Buffer.from([0]), b.subarray(i)]) : b.subarray(i);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
