/**
 * Builders for signed-PDF attack and edge-case files, written as plain incremental updates in
 * the tests (no opaque blobs): certification signatures with a DocMDP level, empty signature
 * fields with or without an appearance, and in-place damage.
 */
import crypto from 'node:crypto';
import { assembleCms, signedAttributes } from '../../src/stages/sign/cms-build.js';
import { pdfDateVietnam } from '../../src/stages/sign/incremental.js';
import { PdfFile } from '../../src/verify/pdf/file.js';
import { PdfDict, PdfRef, serialize, type PdfValue } from '../../src/verify/pdf/objects.js';
import { appendUpdate, makePdf, testSigner } from '../stages/sign/fixtures.js';

const BR_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

function catalogWithField(f: PdfFile, fieldRef: PdfRef, extra: Record<string, PdfValue> = {}): PdfDict {
  const root = f.root()!.clone();
  const acro = f.dict(root.get('AcroForm'))?.clone() ?? new PdfDict();
  const fields = (f.resolve(acro.get('Fields')) as PdfValue[] | undefined) ?? [];
  acro.set('Fields', [...fields, fieldRef]).set('SigFlags', 3);
  root.set('AcroForm', acro);
  for (const [k, v] of Object.entries(extra)) root.set(k, v);
  return root;
}

function pageWithAnnot(f: PdfFile, annot: PdfRef): { ref: PdfRef; dict: PdfDict } {
  const ref = f.pages()[0]!;
  const dict = f.dict(ref)!.clone();
  const annots = (f.resolve(dict.get('Annots')) as PdfValue[] | undefined) ?? [];
  return { ref, dict: dict.set('Annots', [...annots, annot]) };
}

/**
 * A certification signature with DocMDP permission `p` (1–3), made by the test signer as an
 * incremental update: /Reference with a DocMDP transform, and /Perms /DocMDP in the catalog.
 */
export async function certifiedPdf(p: 1 | 2 | 3, input?: Buffer): Promise<Buffer> {
  const { signer } = await testSigner();
  const pdf = input ?? (await makePdf());
  const f = PdfFile.open(pdf);
  const n = Number(f.trailer.get('Size'));
  const sigRef = new PdfRef(n, 0);
  const fieldRef = new PdfRef(n + 1, 0);
  const page = pageWithAnnot(f, fieldRef);
  const hex = '0'.repeat(16384);
  const sig =
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (${pdfDateVietnam(new Date())})` +
    ` /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${p} /V /1.2 >> >>]` +
    ` /ByteRange ${BR_PLACEHOLDER} /Contents <${hex}> >>`;
  const out = appendUpdate(pdf, {
    [n]: sig,
    [n + 1]: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Certification) /V ${sigRef} /F 132 /P ${page.ref} /Rect [0 0 0 0] >>`,
    [page.ref.num]: serialize(page.dict),
    [(f.trailer.get('Root') as PdfRef).num]: serialize(catalogWithField(f, fieldRef, { Perms: new PdfDict().set('DocMDP', sigRef) })),
  });
  const brAt = out.indexOf(BR_PLACEHOLDER, pdf.length);
  const hexStart = out.indexOf('/Contents <', brAt) + '/Contents <'.length;
  const after = hexStart + hex.length + 1;
  const br = [0, hexStart - 1, after, out.length - after];
  out.write(`[${br.join(' ')}]`.padEnd(BR_PLACEHOLDER.length, ' '), brAt, 'latin1');
  const digest = crypto.createHash('sha256').update(out.subarray(0, br[1])).update(out.subarray(after)).digest();
  const signedAttrs = signedAttributes(digest, signer.certificate);
  const cms = assembleCms({ signer, signedAttrs, signature: await signer.sign(signedAttrs) });
  out.write(cms.toString('hex'), hexStart, 'latin1');
  return out;
}

export interface EmptyFieldOptions {
  /** Put the widget in the AcroForm /Fields (and the page's /Annots), or only in /Annots. */
  where: 'fields' | 'annots-only';
  /** Widget rectangle; [0 0 0 0] is invisible. */
  rect?: [number, number, number, number];
  /** Annotation flags: 4 print; 2 hidden; 32 no view. */
  flags?: number;
  /** Content of the normal appearance stream; '' for an empty stream, undefined for none. */
  appearance?: string;
}

/** The forgery of issue 12, case 1: a white box and new wording over the signed text. */
export const FORGED_OVERLAY = '1 1 1 rg 0 0 360 40 re f BT /Helv 14 Tf 0 g 6 14 Td (Amount: 999.000.000 VND) Tj ET';

/** Appends an unsigned /FT /Sig field (no /V) after the last signature. */
export function addEmptySignatureField(pdf: Buffer, o: EmptyFieldOptions): Buffer {
  const f = PdfFile.open(pdf);
  const n = Number(f.trailer.get('Size'));
  const fieldRef = new PdfRef(n, 0);
  const page = pageWithAnnot(f, fieldRef);
  const rect = o.rect ?? [40, 760, 400, 800];
  const ap = o.appearance === undefined ? '' : ` /AP << /N ${n + 1} 0 R >>`;
  const objects: Record<number, string> = {
    [n]: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature9) /F ${o.flags ?? 4} /P ${page.ref} /Rect [${rect.join(' ')}]${ap} >>`,
    [page.ref.num]: serialize(page.dict),
  };
  if (o.appearance !== undefined)
    objects[n + 1] = `<< /Type /XObject /Subtype /Form /BBox [0 0 360 40] /Resources << /Font << /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Length ${o.appearance.length} >>\nstream\n${o.appearance}\nendstream`;
  if (o.where === 'fields') objects[(f.trailer.get('Root') as PdfRef).num] = serialize(catalogWithField(f, fieldRef));
  return appendUpdate(pdf, objects);
}

/** Overwrites the hex of the last signature's /Contents with zeros, in place. */
export function zeroLastContents(pdf: Buffer): Buffer {
  const out = Buffer.from(pdf);
  const start = out.lastIndexOf('/Contents <') + '/Contents <'.length;
  const end = out.indexOf('>', start);
  out.fill('0', start, end, 'latin1');
  return out;
}
