import { describe, expect, it } from 'vitest';
import forge from 'node-forge';
import { describeContent } from '../../../src/stages/preprocess/describe.js';

/** Rejection messages name the kind of content and never quote it (issue 16, case 3). */
describe('describeContent', () => {
  it('names common non-scan files without quoting them', () => {
    const keys = forge.pki.rsa.generateKeyPair(512);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.sign(keys.privateKey);
    const p12 = Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], 'pw')).getBytes(), 'binary');
    const cases: Array<[Buffer, string]> = [
      [p12, 'a PKCS#12 file (a certificate with its private key)'],
      [Buffer.from('<!DOCTYPE html><html><body>login</body></html>'), 'an HTML page'],
      [Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000'), 'a ZIP archive (or an Office document)'],
      [Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIE'), 'a PEM file (a certificate or a key)'],
      [Buffer.from('hunter2-passphrase\n'), 'a text file'],
      [Buffer.from([0x00, 0x01, 0xfe, 0x80, 0x00, 0x13, 0x99, 0xaa, 0x00, 0x00, 0x07]), 'binary data of an unknown kind'],
    ];
    for (const [bytes, expected] of cases) {
      const d = describeContent(bytes.subarray(0, 1024));
      expect(d).toBe(expected);
      expect(d).not.toContain('hunter2');
    }
  });
});
