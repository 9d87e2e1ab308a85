import { describe, expect, it } from 'vitest';
import { PDFDocument, degrees } from 'pdf-lib';
import { SigningError } from '../../../src/errors.js';
import { signPdf, type SignOptions } from '../../../src/stages/sign/index.js';
import { intersects, normalizeRect, placeTopRight } from '../../../src/stages/sign/placement.js';
import { signatureWidgetRects } from '../../../src/stages/sign/incremental.js';
import { verifyPdf } from '../../../src/verify/index.js';
import { PdfFile } from '../../../src/verify/pdf/file.js';
import { decodeStream } from '../../../src/verify/pdf/filters.js';
import { PdfDict, PdfStream, type PdfRef } from '../../../src/verify/pdf/objects.js';
import { appendUpdate, makePdf, testSigner } from './fixtures.js';

/** Signature widget rects on page 1, in the order they were added, plus the page's box. */
function widgets(pdf: Buffer) {
  const f = PdfFile.open(pdf);
  const page = f.dict(f.pages()[0]!)!;
  const box = normalizeRect(((f.inherited(f.pages()[0]!, 'CropBox') ?? f.inherited(f.pages()[0]!, 'MediaBox')) as number[]).map(Number));
  return { f, page, box, rects: signatureWidgetRects(f, page).map(normalizeRect) };
}

const onPage = (r: number[], box: number[]) => r[0]! >= box[0]! && r[1]! >= box[1]! && r[2]! <= box[2]! && r[3]! <= box[3]!;

async function signTimes(n: number, input: Buffer, opts: SignOptions[] = []): Promise<Buffer> {
  const { signer } = await testSigner();
  let pdf = input;
  for (let i = 0; i < n; i++) pdf = Buffer.from(await signPdf(pdf, signer, { agency: 'UBND xã Long Đức, tỉnh Vĩnh Long', ...opts[i] }));
  return pdf;
}

function expectDisjointOnPage(rects: number[][], box: number[]) {
  for (const r of rects) expect(onPage(r, box), `${r} inside ${box}`).toBe(true);
  for (let i = 0; i < rects.length; i++)
    for (let j = i + 1; j < rects.length; j++) expect(intersects(rects[i] as never, rects[j] as never), `box ${i} ${rects[i]} overlaps box ${j} ${rects[j]}`).toBe(false);
}

describe('visible signature boxes stack (issue 12, case 6)', () => {
  it('puts the second box below the first, at the top right, with no overlap', async () => {
    const twice = await signTimes(2, await makePdf(), [{ copyType: 'SAO Y' }, { copyType: 'TRÍCH SAO' }]);
    const { rects, box } = widgets(twice);
    expect(rects).toHaveLength(2);
    expectDisjointOnPage(rects, box);
    const [first, second] = [rects[0]!, rects[1]!];
    expect(second[3]!).toBeLessThanOrEqual(first[1]!); // below
    expect(second[2]!).toBeGreaterThan(595 - 40); // still at the right edge
    expect(first[3]!).toBeGreaterThan(842 - 40); // the first keeps the top right corner
    expect((await verifyPdf(twice)).verdict).toBe('valid');
  });

  it('keeps seven boxes apart and on the page, starting a second column when the top third is full', async () => {
    const pdf = await signTimes(7, await makePdf());
    const { rects, box } = widgets(pdf);
    expect(rects).toHaveLength(7);
    expectDisjointOnPage(rects, box);
    expect(new Set(rects.map((r) => r[2])).size).toBeGreaterThan(1); // more than one column
    expect(Math.min(...rects.map((r) => r[1]!))).toBeGreaterThanOrEqual(842 * (2 / 3) - 1); // all in the top third
    const r = await verifyPdf(pdf);
    expect(r.signatures).toHaveLength(7);
    expect(r.signatures.every((s) => s.intact)).toBe(true);
  });

  it('stacks on a page rotated 90°: apart, on the page, upright', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).setRotation(degrees(90));
    const pdf = await signTimes(3, Buffer.from(await doc.save()));
    const { rects, box } = widgets(pdf);
    expectDisjointOnPage(rects, box);
    // Displayed top right of a page turned clockwise is the page's top left: the displayed
    // top third is the left third of the page (x < 595 / 3), and the first box hugs the top.
    for (const r of rects) expect(r[2]!).toBeLessThanOrEqual(595 / 3);
    expect(rects[0]![3]!).toBeGreaterThan(800);
    expect(rects[1]![0]!).toBeGreaterThanOrEqual(rects[0]![2]!); // the second is displayed below the first
  });

  it('avoids a signature widget whose field type sits on its parent field (another tool\'s layout)', async () => {
    const input = await makePdf();
    const f = PdfFile.open(input);
    const pageRef = f.pages()[0]!;
    const page = f.dict(pageRef)!;
    const size = Number(f.trailer.get('Size'));
    // A parent field /FT /Sig with a kid widget covering the whole top right corner area.
    const pageBody = page.clone().set('Annots', []);
    const pageText = (await import('../../../src/verify/pdf/objects.js')).serialize(pageBody).replace('/Annots []', `/Annots [${size + 1} 0 R]`);
    const withField = appendUpdate(input, {
      [size]: `<< /FT /Sig /T (Other) /Kids [${size + 1} 0 R] >>`,
      [size + 1]: `<< /Type /Annot /Subtype /Widget /Parent ${size} 0 R /Rect [400 760 580 830] /P ${pageRef.num} 0 R >>`,
      [pageRef.num]: pageText,
    });
    const { rects: before } = widgets(withField);
    expect(before).toEqual([[400, 760, 580, 830]]);
    const signed = await signTimes(1, withField);
    const { rects, box } = widgets(signed);
    expect(rects).toHaveLength(2);
    expectDisjointOnPage(rects, box);
  });

  it('paints an opaque white ground and a thin border before the text', async () => {
    const pdf = await signTimes(1, await makePdf());
    const { f, page } = widgets(pdf);
    const widget = f.dict((f.resolve(page.get('Annots')) as PdfRef[]).at(-1))!;
    const ap = f.resolve((widget.get('AP') as PdfDict).get('N')) as PdfStream;
    const [, , w, h] = ap.dict.get('BBox') as number[];
    const ops = decodeStream(ap).toString('latin1');
    const fill = ops.indexOf(`1 g\n0 0 ${w} ${h} re f`);
    expect(fill).toBeGreaterThanOrEqual(0); // the whole BBox, white
    expect(ops.indexOf(' re S')).toBeGreaterThan(fill); // border after the ground
    expect(ops.indexOf('BT')).toBeGreaterThan(fill); // text on top
    expect(ops).toMatch(/\n0 g\n/); // black text
  });

  it('refuses (never off the page) when no box fits any more', () => {
    const box = [0, 0, 300, 200];
    const taken = [[0, 0, 300, 200]];
    expect(() => placeTopRight(box, 150, 44, 0, taken)).toThrow(SigningError);
    expect(() => placeTopRight([0, 0, 100, 100], 150, 44, 0)).toThrow(/No room/);
    const free = placeTopRight([0, 0, 595, 842], 150, 44, 0, [[0, 0, 0, 0]]); // invisible widgets take no room
    expect(free.rect).toEqual([595 - 18 - 150, 842 - 18 - 44, 595 - 18, 842 - 18]);
  });
});
