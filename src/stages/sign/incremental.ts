import { SigningError } from '../../errors.js';
import { PdfFile } from '../../verify/pdf/file.js';
import { PdfDict, PdfRef, PdfString, dict, name, pdfText, serialize, serializeObject, type PdfValue } from '../../verify/pdf/objects.js';
import { buildAppearance, type AppearanceOptions } from './appearance.js';

export interface IncrementOptions {
  /** Bytes reserved for the CMS (the hex placeholder is twice as long). */
  capacity: number;
  signingTime: Date;
  appearance: AppearanceOptions;
  reason?: string;
  location?: string;
  /** `doc-timestamp`: an RFC 3161 document timestamp (PAdES B-LTA) instead of a signature. */
  kind?: 'signature' | 'doc-timestamp';
}

export interface PreparedIncrement {
  bytes: Buffer;
  byteRange: [number, number, number, number];
  /** Offset of the first hex digit inside `/Contents <…>`. */
  hexStart: number;
  hexLength: number;
}

const BR_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/** `D:20220113102000+07'00'`: the signing time in Vietnam time, for /M. */
export function pdfDateVietnam(d: Date): string {
  const s = new Date(d.getTime() + 7 * 3600_000).toISOString();
  return `D:${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}+07'00'`;
}

/**
 * Appends the signature (dictionary with placeholder, field/widget, appearance, updated
 * catalog/AcroForm/page) as an incremental update, with its own xref section in the style of
 * the input (table or stream) and /Prev pointing at the previous one. The original bytes are
 * untouched, so earlier signatures stay valid.
 */
export async function writeIncrement(input: Buffer, file: PdfFile, o: IncrementOptions): Promise<PreparedIncrement> {
  if (file.encrypted) throw new SigningError('The input PDF is encrypted; sohoa does not sign encrypted documents', { hint: 'Decrypt it first (qpdf --decrypt).', key: 'sign.encrypted', hintKey: 'sign.decryptHint' });
  if (file.repaired) throw new SigningError('The input PDF has a damaged cross-reference table', { hint: 'Repair it first (qpdf in.pdf out.pdf), then sign.', key: 'sign.err.damagedXref', hintKey: 'sign.err.repairHint' });
  const rootRef = file.trailer.get('Root');
  const root = file.root();
  const page1 = file.pages()[0];
  if (!(rootRef instanceof PdfRef) || !root || !page1) throw new SigningError('The input PDF has no catalog or no pages', { key: 'sign.err.noPages' });
  const pageDict = file.dict(page1)!;

  let next = Math.max(Number(file.trailer.get('Size') ?? 0), ...[...file.entries.keys()].map((n) => n + 1));
  const alloc = () => new PdfRef(next++, 0);
  const genOf = (n: number) => {
    const e = file.entries.get(n);
    return e?.kind === 'offset' ? e.gen : 0;
  };
  const sigRef = alloc();
  const fieldRef = alloc();
  const box = (file.inherited(page1, 'CropBox') ?? file.inherited(page1, 'MediaBox') ?? [0, 0, 595, 842]) as number[];
  const rotate = file.inherited(page1, 'Rotate');
  const boxesThere = signatureWidgetRects(file, pageDict);
  const app = await buildAppearance(o.appearance, box.map(Number), alloc, typeof rotate === 'number' ? rotate : 0, boxesThere);

  // Objects to write, in order; existing ones keep their numbers and generations.
  const out: Array<[PdfRef, PdfValue]> = [];
  const acroV = root.get('AcroForm');
  const acro = file.dict(acroV)?.clone() ?? new PdfDict();
  const fieldsV = acro.get('Fields');
  const fields = (file.resolve(fieldsV) as PdfValue[] | undefined) ?? [];
  const taken = new Set(fields.map((f) => file.dict(f)?.get('T')).filter((t): t is PdfString => t instanceof PdfString).map((t) => t.text()));
  let k = 1;
  while (taken.has(`Signature${k}`)) k++;
  if (fieldsV instanceof PdfRef) out.push([new PdfRef(fieldsV.num, genOf(fieldsV.num)), [...fields, fieldRef]]);
  else acro.set('Fields', [...fields, fieldRef]);
  acro.set('SigFlags', 3);
  if (acroV instanceof PdfRef) out.push([new PdfRef(acroV.num, genOf(acroV.num)), acro]);
  else out.push([new PdfRef(rootRef.num, genOf(rootRef.num)), root.clone().set('AcroForm', acro)]);

  const annotsV = pageDict.get('Annots');
  const annots = (file.resolve(annotsV) as PdfValue[] | undefined) ?? [];
  if (annotsV instanceof PdfRef) out.push([new PdfRef(annotsV.num, genOf(annotsV.num)), [...annots, fieldRef]]);
  else out.push([new PdfRef(page1.num, genOf(page1.num)), pageDict.clone().set('Annots', [...annots, fieldRef])]);

  out.push([
    fieldRef,
    dict({
      Type: name('Annot'),
      Subtype: name('Widget'),
      FT: name('Sig'),
      T: pdfText(`Signature${k}`),
      V: sigRef,
      F: 132,
      P: page1,
      Rect: app.rect,
      AP: app.ap ? dict({ N: app.ap }) : undefined,
    }),
  ]);
  out.push(...app.objects);

  // The signature dictionary is written by hand so that the placeholder offsets are known.
  const hexLength = o.capacity * 2;
  const extra = [o.reason ? ` /Reason ${serialize(pdfText(o.reason))}` : '', o.location ? ` /Location ${serialize(pdfText(o.location))}` : ''].join('');
  const head =
    o.kind === 'doc-timestamp'
      ? '/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161'
      : `/Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M ${serialize(new PdfString(Buffer.from(pdfDateVietnam(o.signingTime))))}${extra}`;
  const sigHead = `${sigRef.num} 0 obj\n<<${head} /ByteRange `;
  const sigObj = Buffer.from(`${sigHead}${BR_PLACEHOLDER} /Contents <${'0'.repeat(hexLength)}>>>\nendobj\n`, 'latin1');

  const pieces: Buffer[] = [];
  let pos = input.length;
  const lead = input[input.length - 1] === 0x0a || input[input.length - 1] === 0x0d ? '' : '\n';
  pieces.push(Buffer.from(lead, 'latin1'));
  pos += lead.length;
  const offsets = new Map<number, [number, number]>();
  const sigStart = pos;
  offsets.set(sigRef.num, [pos, 0]);
  pieces.push(sigObj);
  pos += sigObj.length;
  for (const [ref, v] of out) {
    offsets.set(ref.num, [pos, ref.gen]);
    const b = serializeObject(ref.num, ref.gen, v);
    pieces.push(b);
    pos += b.length;
  }
  const xref = xrefSection(file, offsets, pos, next, alloc);
  pieces.push(xref);
  const bytes = Buffer.concat([input, ...pieces]);

  const brAt = sigStart + sigHead.length;
  const hexStart = brAt + BR_PLACEHOLDER.length + ' /Contents <'.length;
  const contentsEnd = hexStart + hexLength + 1;
  const byteRange: [number, number, number, number] = [0, hexStart - 1, contentsEnd, bytes.length - contentsEnd];
  const brText = `[0 ${byteRange[1]} ${byteRange[2]} ${byteRange[3]}]`.padEnd(BR_PLACEHOLDER.length, ' ');
  if (brText.length > BR_PLACEHOLDER.length) throw new SigningError('The PDF is too large to sign (ByteRange over 10 digits)', { key: 'sign.err.tooLarge' });
  bytes.write(brText, brAt, 'latin1');
  return { bytes, byteRange, hexStart, hexLength };
}

/**
 * Rectangles of the signature widgets already on the page (field type /Sig on the widget or
 * on a parent field), so that a new visible box does not land on top of an earlier one.
 */
export function signatureWidgetRects(file: PdfFile, page: PdfDict): number[][] {
  const annots = (file.resolve(page.get('Annots')) as PdfValue[] | undefined) ?? [];
  const rects: number[][] = [];
  for (const a of Array.isArray(annots) ? annots : []) {
    const w = file.dict(a);
    if (!w || w.nameOf('Subtype') !== 'Widget') continue;
    let node: PdfDict | undefined = w;
    let ft: string | undefined;
    for (let depth = 0; node && !ft && depth < 16; depth++) {
      ft = node.nameOf('FT');
      node = file.dict(node.get('Parent'));
    }
    const rect = file.resolve(w.get('Rect'));
    if (ft !== 'Sig' || !Array.isArray(rect) || rect.length !== 4) continue;
    const nums = rect.map((v) => file.resolve(v));
    if (nums.every((v): v is number => typeof v === 'number')) rects.push(nums);
  }
  return rects;
}

/** A classic xref table, or an xref stream when the input's newest section is one. */
export function xrefSection(file: PdfFile, offsets: Map<number, [number, number]>, xrefPos: number, size: number, alloc: () => PdfRef): Buffer {
  const useStream = file.sections[0]?.kind === 'stream';
  const trailer = dict({ Root: file.trailer.get('Root'), Info: file.trailer.get('Info'), ID: file.trailer.get('ID'), Prev: file.startxref });
  if (!useStream) {
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    let body = 'xref\n';
    for (let i = 0; i < nums.length; ) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
      body += `${nums[i]} ${j - i + 1}\n`;
      for (let x = i; x <= j; x++) {
        const [off, gen] = offsets.get(nums[x]!)!;
        body += `${String(off).padStart(10, '0')} ${String(gen).padStart(5, '0')} n \n`;
      }
      i = j + 1;
    }
    trailer.set('Size', size);
    return Buffer.from(`${body}trailer\n${serialize(trailer)}\nstartxref\n${xrefPos}\n%%EOF\n`, 'latin1');
  }
  const self = alloc();
  offsets.set(self.num, [xrefPos, 0]);
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  const index: number[] = [];
  const rows: Buffer[] = [];
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    index.push(nums[i]!, j - i + 1);
    for (let x = i; x <= j; x++) {
      const [off, gen] = offsets.get(nums[x]!)!;
      const row = Buffer.alloc(7);
      row[0] = 1;
      row.writeUInt32BE(off, 1);
      row.writeUInt16BE(gen, 5);
      rows.push(row);
    }
    i = j + 1;
  }
  trailer.set('Type', name('XRef')).set('Size', self.num + 1).set('W', [1, 4, 2]).set('Index', index);
  const data = Buffer.concat(rows);
  trailer.set('Length', data.length);
  return Buffer.concat([
    Buffer.from(`${self.num} 0 obj\n${serialize(trailer)}\nstream\n`, 'latin1'),
    data,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefPos}\n%%EOF\n`, 'latin1'),
  ]);
}
