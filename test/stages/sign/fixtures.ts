import { PDFDocument, StandardFonts } from 'pdf-lib';
import { P12Signer } from '../../../src/adapters/signers/p12.js';
import { signPdf, type SignOptions } from '../../../src/stages/sign/index.js';
import { PdfFile } from '../../../src/verify/pdf/file.js';
import { makeTestPki, PASSPHRASE, type TestPki } from '../../helpers/pki.js';
import { tempDir } from '../../helpers/cli.js';
import { readFileSync } from 'node:fs';

/** A small real PDF (pdf-lib); `objectStreams` gives an xref-stream file. */
export async function makePdf(pages = 1, objectStreams = false): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`Trang ${i + 1} - ho so thu tuc hanh chinh`, { x: 50, y: 780, size: 12, font });
  return Buffer.from(await doc.save({ useObjectStreams: objectStreams }));
}

let shared: { pki: TestPki; signer: P12Signer } | undefined;

/** One test PKI per test file (key generation is the slow part). */
export async function testSigner(): Promise<{ pki: TestPki; signer: P12Signer }> {
  if (!shared) {
    const pki = makeTestPki(tempDir('sohoa-pki-'));
    shared = { pki, signer: P12Signer.fromBytes(readFileSync(pki.signerP12), PASSPHRASE, 'test P12') };
  }
  return shared;
}

export async function signedPdf(opts: SignOptions = { agency: 'UBND xã Long Đức' }, input?: Buffer): Promise<Buffer> {
  const { signer } = await testSigner();
  return Buffer.from(await signPdf(input ?? (await makePdf()), signer, opts));
}

/**
 * Appends a hand-written incremental update: `objects` maps object numbers to their
 * bodies (text between `obj` and `endobj`). This is how the attack files are built.
 */
export function appendUpdate(pdf: Buffer, objects: Record<number, string>): Buffer {
  const f = PdfFile.open(pdf);
  let body = '\n';
  const offsets: Array<[number, number]> = [];
  for (const [n, text] of Object.entries(objects)) {
    offsets.push([Number(n), pdf.length + Buffer.byteLength(body, 'latin1')]);
    body += `${n} 0 obj\n${text}\nendobj\n`;
  }
  const xrefAt = pdf.length + Buffer.byteLength(body, 'latin1');
  let xref = 'xref\n';
  for (const [n, off] of offsets.sort((a, b) => a[0] - b[0])) xref += `${n} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
  const size = Math.max(Number(f.trailer.get('Size')), ...offsets.map(([n]) => n + 1));
  const root = f.trailer.get('Root')!.toString();
  xref += `trailer\n<< /Size ${size} /Root ${root} /Prev ${f.startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(body + xref, 'latin1')]);
}

/** Rewrites the (space-padded) ByteRange of the last signature in place, keeping the file length. */
export function rewriteByteRange(pdf: Buffer, make: (br: number[]) => number[]): Buffer {
  const text = pdf.toString('latin1');
  const start = text.lastIndexOf('/ByteRange [') + 11;
  const close = text.indexOf(']', start);
  let end = close + 1;
  while (text[end] === ' ') end++;
  const old = text.slice(start + 1, close).trim().split(/\s+/).map(Number);
  const next = `[${make(old).join(' ')}]`.padEnd(end - start, ' ');
  if (next.length !== end - start) throw new Error('new ByteRange does not fit');
  const out = Buffer.from(pdf);
  out.write(next, start, 'latin1');
  return out;
}
