import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPdf } from '../../src/verify/index.js';
import { SHARED } from '../helpers/cli.js';

/**
 * Issue 12, case 8: the encrypted file of the signature corpus. Its field names are encrypted
 * strings; damaged copies of its CMS used to surface JavaScript errors as findings.
 */
const FILE = path.join(SHARED, 'corpus', 'signatures', 'encrypted.pdf');
const present = existsSync(FILE);
if (!present) console.warn(`skipping: ${FILE} is absent`);

describe.skipIf(!present)('verify: the encrypted corpus file', () => {
  it('shows the field name decrypted, and the signature intact', async () => {
    const r = await verifyPdf(readFileSync(FILE));
    expect(r.encrypted).toBe(true);
    expect(r.verdict).toBe('valid');
    expect(r.signatures[0]!.field).toBe('Signature1');
  });

  it('reports damaged copies of its CMS in plain words, without JavaScript internals', async () => {
    const original = readFileSync(FILE);
    const start = original.indexOf('/Contents <') + '/Contents <'.length;
    // Damage the CMS at a few depths: its outer header, lengths, and deep inside (where the old
    // reader threw "Cannot read properties of undefined"). Deep damage may hit a certificate
    // the signature does not depend on, so only the header cases must be invalid.
    for (const at of [0, 2, 9, 39, 6000]) {
      const copy = Buffer.from(original);
      copy.write('00', start + at, 'latin1');
      const r = await verifyPdf(copy);
      const text = JSON.stringify(r);
      if (at < 100) expect(r.verdict, `damage at +${at}`).toBe('invalid');
      expect(text).not.toMatch(/Cannot read properties|undefined \(reading|is not a function/);
      expect(r.signatures[0]!.field).toBe('Signature1');
    }
  });
});
