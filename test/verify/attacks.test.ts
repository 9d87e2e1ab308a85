import { describe, expect, it } from 'vitest';
import { verifyPdf } from '../../src/verify/index.js';
import { PdfFile } from '../../src/verify/pdf/file.js';
import { PdfDict, PdfRef, serialize } from '../../src/verify/pdf/objects.js';
import { appendUpdate, makePdf, rewriteByteRange, signedPdf } from '../stages/sign/fixtures.js';

/** Attack files built from a freshly signed PDF; each must be flagged. */
describe('verify: attacks on a signed PDF', () => {
  it('accepts the untouched signed file', async () => {
    const r = await verifyPdf(await signedPdf());
    expect(r.verdict).toBe('valid');
    expect(r.signatures[0]!.coversWholeFile).toBe(true);
  });

  it('flags an incremental update that changes the content of a page', async () => {
    const pdf = await signedPdf();
    const f = PdfFile.open(pdf);
    const page = f.pages()[0]!;
    const c = f.dict(page)!.get('Contents');
    const contents = (Array.isArray(c) ? c[0] : c) as PdfRef;
    const data = 'BT /F1 24 Tf 50 700 Td (Da sua noi dung) Tj ET';
    const attacked = appendUpdate(pdf, { [contents.num]: `<< /Length ${data.length} >>\nstream\n${data}\nendstream` });
    const r = await verifyPdf(attacked);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]!.intact).toBe(true); // the bytes it covers are untouched…
    expect(r.signatures[0]!.changesAfter.map((c) => c.kind)).toContain('content-changed'); // …but the content changed after it
  });

  it('flags an incremental update that adds a page', async () => {
    const pdf = await signedPdf();
    const f = PdfFile.open(pdf);
    const pagesRef = f.root()!.get('Pages') as PdfRef;
    const pages = f.dict(pagesRef)!.clone();
    const first = f.pages()[0]!;
    const newNum = Number(f.trailer.get('Size'));
    pages.set('Kids', [first, new PdfRef(newNum, 0)]).set('Count', 2);
    const attacked = appendUpdate(pdf, {
      [newNum]: `<< /Type /Page /Parent ${pagesRef} /MediaBox [0 0 595 842] >>`,
      [pagesRef.num]: serialize(pages),
    });
    const r = await verifyPdf(attacked);
    expect(r.verdict).toBe('invalid');
    const kinds = r.signatures[0]!.changesAfter;
    expect(kinds.find((c) => c.kind === 'new-page')?.detail).toMatch(/page 2/);
  });

  it('flags an object the signature covered being overridden', async () => {
    const pdf = await signedPdf();
    const f = PdfFile.open(pdf);
    const res = f.dict(f.pages()[0]!)!.get('Resources');
    const fonts = f.dict(res)!.get('Font') as PdfDict;
    const fontRef = [...fonts.map.values()][0] as PdfRef;
    const attacked = appendUpdate(pdf, { [fontRef.num]: '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>' });
    const r = await verifyPdf(attacked);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]!.changesAfter).toContainEqual(expect.objectContaining({ kind: 'object-overridden', object: fontRef.num }));
  });

  it('flags an annotation added to a page after signing (a visible FreeText over the content)', async () => {
    const pdf = await signedPdf();
    const f = PdfFile.open(pdf);
    const pageRef = f.pages()[0]!;
    const page = f.dict(pageRef)!.clone();
    const n = Number(f.trailer.get('Size'));
    page.set('Annots', [...((f.resolve(page.get('Annots')) as PdfRef[]) ?? []), new PdfRef(n, 0)]);
    const attacked = appendUpdate(pdf, {
      [n]: '<< /Type /Annot /Subtype /FreeText /Rect [50 700 400 740] /Contents (Da duyet) /DA (/Helv 24 Tf 0 g) >>',
      [pageRef.num]: serialize(page),
    });
    const r = await verifyPdf(attacked);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]!.changesAfter).toContainEqual(expect.objectContaining({ kind: 'annotation-changed', object: n }));
  });

  it('flags a ByteRange that does not start at 0', async () => {
    const attacked = rewriteByteRange(await signedPdf(), ([, b, c, d]) => [10, b! - 10, c!, d!]);
    const r = await verifyPdf(attacked);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]!.byteRangeValid).toBe(false);
    expect(r.signatures[0]!.problems.join()).toMatch(/starts at 10/);
  });

  it('flags a ByteRange whose gap is larger than /Contents', async () => {
    const attacked = rewriteByteRange(await signedPdf(), ([a, b, c, d]) => [a!, b! - 40, c!, d!]);
    const r = await verifyPdf(attacked);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]!.byteRangeValid).toBe(false);
    expect(r.signatures[0]!.problems.join()).toMatch(/not exactly this signature's \/Contents/);
  });

  it('flags a changed byte inside the signed range (digest mismatch)', async () => {
    const pdf = Buffer.from(await signedPdf());
    const i = pdf.indexOf('842');
    expect(i).toBeGreaterThan(0);
    pdf[i + 2] = '3'.charCodeAt(0);
    const r = await verifyPdf(pdf);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]!.digestMatch).toBe(false);
  });

  it('flags bytes appended after the signature that are not an update', async () => {
    const pdf = Buffer.concat([await signedPdf(), Buffer.from('\n% junk appended by someone\n1 0 obj\n(x)\nendobj\n')]);
    const r = await verifyPdf(pdf);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]!.changesAfter[0]!.kind).toBe('unparsed-bytes');
  });

  it('permits validation data (DSS) added after signing', async () => {
    const pdf = await signedPdf();
    const f = PdfFile.open(pdf);
    const rootRef = f.trailer.get('Root') as PdfRef;
    const n = Number(f.trailer.get('Size'));
    const catalog = f.root()!.clone().set('DSS', new PdfRef(n, 0));
    const added = appendUpdate(pdf, {
      [n]: `<< /Type /DSS /Certs [${n + 1} 0 R] >>`,
      [n + 1]: '<< /Length 3 >>\nstream\nabc\nendstream',
      [rootRef.num]: serialize(catalog),
    });
    const r = await verifyPdf(added);
    expect(r.verdict).toBe('valid');
    expect(r.signatures[0]!.coversWholeFile).toBe(false);
    expect(r.signatures[0]!.permittedAfter).toContain('validation data (DSS) added');
  });

  it('says NOT SIGNED for an unsigned PDF', async () => {
    const r = await verifyPdf(await makePdf());
    expect(r.verdict).toBe('not-signed');
    expect(r.exitCode).toBe(8);
  });
});
