import zlib from 'node:zlib';
import { SigningError } from '../../errors.js';
import type { ValidationData } from '../../pki/index.js';
import { readDss } from '../../verify/revocation.js';
import { PdfFile } from '../../verify/pdf/file.js';
import { PdfDict, PdfRef, PdfStream, dict, name, serializeObject, type PdfValue } from '../../verify/pdf/objects.js';
import { xrefSection } from './incremental.js';

const KEYS = [
  ['Certs', 'certs'],
  ['OCSPs', 'ocsps'],
  ['CRLs', 'crls'],
] as const;

/**
 * Appends the validation data to the PDF's Document Security Store (catalog /DSS: /Certs,
 * /OCSPs, /CRLs; no /VRI, which ISO 32000-2 makes optional) as an incremental update. Data
 * already in the DSS is not added twice; earlier revisions are untouched.
 */
export function writeDssIncrement(input: Buffer, data: ValidationData): Buffer {
  const file = PdfFile.open(input);
  if (file.encrypted || file.repaired) throw new SigningError('Cannot add validation data to an encrypted or damaged PDF', { key: 'sign.err.dssDamaged' });
  const rootRef = file.trailer.get('Root');
  const root = file.root();
  if (!(rootRef instanceof PdfRef) || !root) throw new SigningError('The PDF has no catalog', { key: 'sign.err.noCatalog' });
  const have = readDss(file);
  let next = Math.max(Number(file.trailer.get('Size') ?? 0), ...[...file.entries.keys()].map((n) => n + 1));
  const alloc = () => new PdfRef(next++, 0);
  const genOf = (n: number) => {
    const e = file.entries.get(n);
    return e?.kind === 'offset' ? e.gen : 0;
  };
  const out: Array<[PdfRef, PdfValue]> = [];
  const dssV = root.get('DSS');
  const dss = file.dict(dssV)?.clone() ?? new PdfDict();
  dss.set('Type', name('DSS'));
  for (const [key, field] of KEYS) {
    const known = new Set(have[field].map((b) => b.toString('base64')));
    const existing = file.resolve(dss.get(key));
    const list: PdfValue[] = Array.isArray(existing) ? [...existing] : [];
    for (const item of data[field]) {
      const k = item.toString('base64');
      if (known.has(k)) continue;
      known.add(k);
      const ref = alloc();
      out.push([ref, new PdfStream(dict({ Filter: name('FlateDecode') }), zlib.deflateSync(item))]);
      list.push(ref);
    }
    if (list.length) dss.set(key, list);
  }
  if (dssV instanceof PdfRef) out.push([new PdfRef(dssV.num, genOf(dssV.num)), dss]);
  else {
    const dssRef = alloc();
    out.push([dssRef, dss]);
    out.push([new PdfRef(rootRef.num, genOf(rootRef.num)), root.clone().set('DSS', dssRef)]);
  }
  const lead = input[input.length - 1] === 0x0a || input[input.length - 1] === 0x0d ? '' : '\n';
  const pieces: Buffer[] = [Buffer.from(lead, 'latin1')];
  let pos = input.length + lead.length;
  const offsets = new Map<number, [number, number]>();
  for (const [ref, v] of out) {
    offsets.set(ref.num, [pos, ref.gen]);
    const b = serializeObject(ref.num, ref.gen, v);
    pieces.push(b);
    pos += b.length;
  }
  pieces.push(xrefSection(file, offsets, pos, next, alloc));
  return Buffer.concat([input, ...pieces]);
}
