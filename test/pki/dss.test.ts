import { describe, expect, it } from 'vitest';
import { readDss as readDssOf } from '../../src/verify/revocation.js';
import { PdfFile } from '../../src/verify/pdf/file.js';
import { writeDssIncrement } from '../../src/stages/sign/dss.js';
import { verifyPdf } from '../../src/verify/index.js';

const readDss = (pdf: Buffer) => readDssOf(PdfFile.open(pdf));
import { makePdf, signedPdf, testSigner } from '../stages/sign/fixtures.js';

describe('DSS incremental update', () => {
  for (const objectStreams of [false, true]) {
    it(`adds certificates to a new DSS without touching the signature (${objectStreams ? 'xref stream' : 'xref table'})`, async () => {
      const { pki } = await testSigner();
      const signed = await signedPdf({ agency: 'UBND xã Long Đức' }, await makePdf(1, objectStreams));
      const out = writeDssIncrement(signed, { certs: [pki.signer.certDer, pki.intermediate.certDer], ocsps: [], crls: [] });
      expect(out.subarray(0, signed.length).equals(signed)).toBe(true);
      expect(readDss(out).certs.map((c) => c.toString('hex'))).toEqual([pki.signer.certDer.toString('hex'), pki.intermediate.certDer.toString('hex')]);
      const v = await verifyPdf(out);
      expect(v.verdict).toBe('valid');
      expect(v.signatures[0]!.intact).toBe(true);
      expect(v.signatures[0]!.changesAfter).toEqual([]);
      expect(v.signatures[0]!.permittedAfter).toContain('validation data (DSS) added');
    });
  }

  it('extends an existing DSS and never stores the same item twice', async () => {
    const { pki } = await testSigner();
    const signed = await signedPdf();
    const once = writeDssIncrement(signed, { certs: [pki.signer.certDer], ocsps: [], crls: [] });
    const twice = writeDssIncrement(once, { certs: [pki.signer.certDer, pki.root.certDer], ocsps: [], crls: [] });
    expect(readDss(twice).certs).toHaveLength(2);
    const v = await verifyPdf(twice);
    expect(v.verdict).toBe('valid');
    expect(v.signatures[0]!.changesAfter).toEqual([]);
  });

  it('offline revocation of a plain B-B signature is unknown, and fails only when required', async () => {
    const signed = await signedPdf();
    const lax = await verifyPdf(signed, { revocation: { mode: 'offline' } });
    expect(lax.verdict).toBe('valid');
    expect(lax.signatures[0]!.revocation?.status).toBe('unknown');
    const strict = await verifyPdf(signed, { revocation: { mode: 'offline', requireRevocation: true } });
    expect(strict.verdict).toBe('untrusted');
    expect(strict.exitCode).toBe(7);
    const off = await verifyPdf(signed, { revocation: { mode: 'off', requireRevocation: true } });
    expect(off.verdict).toBe('valid');
  });
});
