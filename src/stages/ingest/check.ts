import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import sharp, { type Metadata } from 'sharp';
import { InputRejectedError } from '../../errors.js';
import { DEFAULT_LIMIT_INPUT_PIXELS } from '../preprocess/index.js';
import { sniffFile, type InputKind } from '../preprocess/sniff.js';

export interface FileFacts {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** SHA-256 of a file, read-only and streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { flags: 'r', highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Hashes a file that has settled: older than `settleMs` and unchanged (size and mtime) while it
 * was read. Returns a reason instead when a scanner may still be writing it.
 */
export async function settledFacts(file: string, settleMs: number, now = Date.now()): Promise<FileFacts | { waiting: string }> {
  const before = await fsp.stat(file);
  const age = now - before.mtimeMs;
  // A settle time of 0 waits for nothing: a file's mtime may read a few ms ahead of `now`
  // (coarse file-system clocks, or `now` taken when the scan began).
  if (settleMs > 0 && age < settleMs) return { waiting: `modified ${Math.max(0, Math.round(age / 1000))} s ago, under the ${Math.round(settleMs / 1000)} s settle time` };
  const sha256 = await sha256File(file);
  const after = await fsp.stat(file);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) return { waiting: 'changed while it was being read' };
  return { size: after.size, mtimeMs: Math.round(after.mtimeMs), sha256 };
}

/** Last bytes of a file, to check that a JPEG, PNG or PDF was written to its end. */
async function tail(file: string, n: number): Promise<Buffer> {
  const fh = await fsp.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const len = Math.min(n, size);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    return buf;
  } finally {
    await fh.close();
  }
}

const tooLarge = (file: string, detail: string) =>
  new InputRejectedError('too-large', `Expected a page of a sensible size in ${file}: ${detail}`, {
    file,
    hint: 'This is far larger than a scanned page (a pixel bomb or a wrong scanner setting); rescan at 300 dpi.',
    key: 'reject.tooLarge',
    params: { file, detail },
    hintKey: 'reject.tooLargeHint',
  });

const truncated = (file: string, what: string) =>
  new InputRejectedError('truncated', `Expected a complete ${what} in ${file}, got a file that ends early (truncated)`, {
    file,
    hint: 'The copy or scan was interrupted; scan or copy the file again.',
    key: 'reject.truncated',
    params: { file, what },
    hintKey: 'reject.truncatedHint',
  });

/**
 * Cheap checks at ingest, without decoding pixels: magic bytes, complete file, readable
 * header, pixel limit, not encrypted. Returns the kind and page count. Pages are fully
 * decoded (and corrupt pages rejected) by preprocessing.
 */
export async function checkInput(file: string, limitInputPixels = DEFAULT_LIMIT_INPUT_PIXELS): Promise<{ kind: InputKind; pages: number }> {
  const kind = await sniffFile(file);
  if (kind === 'pdf') {
    const end = (await tail(file, 2048)).toString('latin1');
    if (!end.includes('%%EOF')) throw truncated(file, 'PDF');
    // openPdf rejects encrypted and unreadable PDFs with their reasons.
    const { openPdf } = await import('../preprocess/pdf-source.js');
    const pdf = await openPdf(file, limitInputPixels);
    const pages = pdf.numPages;
    await pdf.close();
    return { kind, pages };
  }
  if (kind === 'jpeg') {
    const end = await tail(file, 64);
    // JPEG ends with the EOI marker FF D9 (some writers add a few padding bytes).
    if (!end.includes(Buffer.from([0xff, 0xd9]))) throw truncated(file, 'JPEG');
  }
  if (kind === 'png') {
    if (!(await tail(file, 32)).includes(Buffer.from('IEND', 'latin1'))) throw truncated(file, 'PNG');
  }
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels, pages: kind === 'tiff' ? -1 : 1 }).metadata();
  } catch (err) {
    if (/pixel limit/i.test((err as Error).message)) throw tooLarge(file, (err as Error).message);
    throw new InputRejectedError('corrupt', `Expected a readable ${kind.toUpperCase()} in ${file}: ${(err as Error).message}`, {
      file,
      cause: err,
      hint: 'The file is damaged or truncated; rescan it.',
      key: 'reject.corrupt',
      params: { kind: kind.toUpperCase(), file, detail: (err as Error).message },
      hintKey: 'reject.corruptHint',
    });
  }
  const pixels = meta.width * (meta.pageHeight ?? meta.height);
  if (pixels > limitInputPixels) throw tooLarge(file, `got ${meta.width}×${meta.pageHeight ?? meta.height} pixels, over the limit of ${limitInputPixels}`);
  return { kind, pages: meta.pages ?? 1 };
}
