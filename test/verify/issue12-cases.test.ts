import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { P12Signer } from '../../src/adapters/signers/p12.js';
import { signPdf } from '../../src/stages/sign/index.js';
import { verifyPdf } from '../../src/verify/index.js';
import { PdfFile } from '../../src/verify/pdf/file.js';
import { PdfDict, PdfRef, PdfString, serialize } from '../../src/verify/pdf/objects.js';
import { PASSPHRASE } from '../helpers/pki.js';
import { FORGED_OVERLAY, addEmptySignatureField, certifiedPdf, zeroLastContents } from '../helpers/pdf-attacks.js';
import { appendUpdate, makePdf, signedPdf, testSigner } from '../stages/sign/fixtures.js';

/** A FreeText annotation over the page, appended after the last signature. */
function addFreeText(pdf: Buffer): { pdf: Buffer; annot: number } {
  const f = PdfFile.open(pdf);
  const pageRef = f.pages()[0]!;
  const page = f.dict(pageRef)!.clone();
  const n = Number(f.trailer.get('Size'));
  page.set('Annots', [...((f.resolve(page.get('Annots')) as PdfRef[]) ?? []), new PdfRef(n, 0)]);
  return {
    annot: n,
    pdf: appendUpdate(pdf, {
      [n]: '<< /Type /Annot /Subtype /FreeText /Rect [50 700 400 740] /Contents (Da xem) /DA (/Helv 12 Tf 0 g) >>',
      [pageRef.num]: serialize(page),
    }),
  };
}

describe('issue 12, case 1: an unsigned signature field painted over the signed page', () => {
  for (const where of ['fields', 'annots-only'] as const) {
    it(`is INVALID (4) when its widget draws over the page (${where})`, async () => {
      const attacked = addEmptySignatureField(await signedPdf(), { where, appearance: FORGED_OVERLAY });
      const r = await verifyPdf(attacked);
      expect(r.verdict).toBe('invalid');
      expect(r.exitCode).toBe(4);
      const s = r.signatures[0]!;
      expect(s.intact).toBe(true);
      expect(s.changesAfter.map((c) => c.detail).join('\n')).toMatch(/empty signature field \d+ added .* visible appearance/);
      expect(s.modifications).toContainEqual(expect.objectContaining({ verdict: 'not-permitted', kind: 'form-changed' }));
    });
  }

  const invisible = [
    ['a zero rectangle', { rect: [0, 0, 0, 0] as [number, number, number, number], appearance: FORGED_OVERLAY }],
    ['the hidden flag', { flags: 2, appearance: FORGED_OVERLAY }],
    ['the no-view flag', { flags: 32, appearance: FORGED_OVERLAY }],
    ['an empty appearance stream', { appearance: '' }],
    ['no appearance at all', {}],
  ] as const;
  for (const [what, o] of invisible) {
    it(`permits an empty signature field with ${what}`, async () => {
      const r = await verifyPdf(addEmptySignatureField(await signedPdf(), { where: 'fields', ...o }));
      expect(r.verdict, JSON.stringify(r.signatures[0]!.changesAfter)).toBe('valid');
      expect(r.signatures[0]!.permittedAfter.join('\n')).toMatch(/invisible empty signature field/);
    });
  }
});

describe('an empty signature field that existed before signing', () => {
  it('may not be given a visible appearance later without being signed', async () => {
    // A field with a rectangle but no appearance: it draws nothing when signed.
    const withField = addEmptySignatureField(await makePdf(), { where: 'fields' });
    const signed = await signedPdf(undefined, withField);
    expect((await verifyPdf(signed)).verdict).toBe('valid');
    const f = PdfFile.open(signed);
    const fieldNum = Number(f.trailer.get('Size'));
    const fields = f.resolve(f.dict(f.root()!.get('AcroForm'))!.get('Fields')) as PdfRef[];
    const field = fields.find((r) => (f.dict(r)!.get('T') as PdfString).text() === 'Signature9')!.num;
    const dict = f.dict(new PdfRef(field, 0))!.clone();
    dict.set('AP', new PdfDict().set('N', new PdfRef(fieldNum, 0)));
    const painted = appendUpdate(signed, {
      [field]: serialize(dict),
      [fieldNum]: `<< /Type /XObject /Subtype /Form /BBox [0 0 360 40] /Length ${FORGED_OVERLAY.length} >>\nstream\n${FORGED_OVERLAY}\nendstream`,
    });
    const r = await verifyPdf(painted);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]!.changesAfter).toContainEqual(expect.objectContaining({ object: field }));
  });
});

describe('issue 12, case 2: certificate not valid at the signing time', () => {
  it('an expired certificate gives 7, not 0', async () => {
    const { pki } = await testSigner();
    const expired = P12Signer.fromBytes(readFileSync(pki.expiredP12), PASSPHRASE, 'expired P12');
    const pdf = Buffer.from(await signPdf(await makePdf(), expired, { agency: 'UBND xã Long Đức', allowExpired: true }));
    const r = await verifyPdf(pdf);
    expect(r.signatures[0]!.intact).toBe(true);
    expect(r.signatures[0]!.certValidAtSigning).toBe(false);
    expect(r.verdict).toBe('untrusted');
    expect(r.exitCode).toBe(7);
    expect(r.signatures[0]!.problems.join()).toMatch(/had expired at the signing time/);
  });

  it('a certificate not yet valid at the claimed time gives 7', async () => {
    const pdf = await signedPdf({ agency: 'UBND xã Long Đức', signingTime: new Date('2020-01-01T00:00:00Z'), allowExpired: true });
    const r = await verifyPdf(pdf);
    expect(r.exitCode).toBe(7);
    expect(r.signatures[0]!.problems.join()).toMatch(/not yet valid at the signing time/);
  });
});

describe('issue 12, case 3: /Contents all zeros', () => {
  it('is a broken signature (4) when the page shows the signature', async () => {
    const r = await verifyPdf(zeroLastContents(await signedPdf()));
    expect(r.verdict).toBe('invalid');
    expect(r.exitCode).toBe(4);
    expect(r.signatures[0]!.intact).toBe(false);
    expect(r.signatures[0]!.problems.join()).toMatch(/all zeros/);
  });

  it('is an unfilled placeholder (8) when the field shows nothing (as the corpus file pdf-with-empty-sig.pdf)', async () => {
    const r = await verifyPdf(zeroLastContents(await signedPdf({ appearance: 'none' })));
    expect(r.verdict).toBe('not-signed');
    expect(r.emptySignatureFields).toHaveLength(1);
  });
});

describe('issue 12, case 4: DocMDP and annotations', () => {
  it('P=3 permits an annotation added after certification', async () => {
    const cert = await certifiedPdf(3);
    expect((await verifyPdf(cert)).verdict).toBe('valid');
    const { pdf, annot } = addFreeText(cert);
    const r = await verifyPdf(pdf);
    expect(r.verdict, JSON.stringify(r.signatures[0]!.changesAfter)).toBe('valid');
    expect(r.signatures[0]!.certification).toEqual({ permissions: 3 });
    expect(r.signatures[0]!.permittedAfter.join('\n')).toMatch(new RegExp(`annotation ${annot} .*DocMDP P=3 permits annotations`));
  });

  it('P=2 still forbids it', async () => {
    const { pdf, annot } = addFreeText(await certifiedPdf(2));
    const r = await verifyPdf(pdf);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]!.changesAfter).toContainEqual(expect.objectContaining({ kind: 'annotation-changed', object: annot }));
  });
});

describe('issue 12, cases 5 and 7: sohoa sign refuses', () => {
  it('a PDF whose signature has a flipped byte: exit 4, naming the signature', async () => {
    const pdf = Buffer.from(await signedPdf());
    const i = pdf.indexOf('842');
    pdf[i + 2] = '3'.charCodeAt(0);
    const { signer } = await testSigner();
    await expect(signPdf(pdf, signer, { agency: 'UBND xã Long Đức' })).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringMatching(/Refusing to sign: the existing signature "Signature1" no longer verifies/),
    });
  });

  it('a PDF whose signed content was overridden in an update: exit 4', async () => {
    const pdf = await signedPdf();
    const f = PdfFile.open(pdf);
    const c = f.dict(f.pages()[0]!)!.get('Contents');
    const contents = (Array.isArray(c) ? c[0] : c) as PdfRef;
    const data = 'BT /F1 24 Tf 50 700 Td (Da sua) Tj ET';
    const attacked = appendUpdate(pdf, { [contents.num]: `<< /Length ${data.length} >>\nstream\n${data}\nendstream` });
    const { signer } = await testSigner();
    await expect(signPdf(attacked, signer, { agency: 'UBND xã Long Đức' })).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringMatching(/"Signature1" no longer verifies \(.*content/),
    });
  });

  it('a certification with P=1: a clear refusal, exit 6', async () => {
    const { signer } = await testSigner();
    const err = await signPdf(await certifiedPdf(1), signer, { agency: 'UBND xã Long Đức' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 6, message: expect.stringMatching(/DocMDP P=1/) });
    expect(String((err as { hint?: string }).hint)).not.toMatch(/bug in sohoa/);
  });

  it('still signs over an intact signature (a second signer)', async () => {
    const { signer } = await testSigner();
    const twice = Buffer.from(await signPdf(await signedPdf(), signer, { agency: 'UBND xã Long Đức' }));
    const r = await verifyPdf(twice);
    expect(r.verdict).toBe('valid');
    expect(r.signatures).toHaveLength(2);
  });
});
