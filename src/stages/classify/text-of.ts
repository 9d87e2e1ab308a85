import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { InputRejectedError } from '../../errors.js';

/** The text of one input, per page, with where it came from. */
export interface DocumentText {
  text: string;
  /** One entry per page; page 1 holds the title zone. */
  pageTexts: string[];
  pages: number;
  source: 'txt' | 'pdf-text' | 'ocr';
}

/** Injectable, so the CLI can plug in OCR for images and the tests can use real files only. */
export type TextOf = (file: string) => Promise<DocumentText>;

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.webp', '.bmp', '.gif']);
/** Below this many letters a PDF page set has no usable text layer (a scan). */
const MIN_TEXT_LAYER = 20;

function needsOcr(file: string, what: string, key: 'classify.needsOcrPdf' | 'classify.needsOcrImage'): InputRejectedError {
  return new InputRejectedError('needs-ocr', `${file} is ${what}: there is no text to classify`, {
    file,
    hint: `OCR the file first with \`sohoa ocr ${path.basename(file)} --out DIR\` and classify the .txt it writes.`,
    key,
    params: { file },
    hintKey: 'classify.needsOcrHint',
    hintParams: { name: path.basename(file) },
  });
}

export async function readTextFile(file: string): Promise<DocumentText> {
  const raw = (await fsp.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  if (raw.trim().length === 0) throw new InputRejectedError('empty', `Expected text in ${file}, got an empty file`, { file, key: 'classify.emptyText', params: { file } });
  const pageTexts = raw.split('\f');
  return { text: raw, pageTexts, pages: pageTexts.length, source: 'txt' };
}

interface TextItem {
  str: string;
  hasEOL?: boolean;
  transform?: number[];
}

/** Text layer of a PDF with pdfjs (legacy build, for Node); lines are rebuilt from baselines. */
export async function readPdfText(file: string): Promise<DocumentText> {
  const data = new Uint8Array(await fsp.readFile(file));
  if (Buffer.from(data.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new InputRejectedError('bad-magic', `Expected a PDF (%PDF-) in ${file}, got other bytes`, { file, key: 'classify.notPdf', params: { file } });
  }
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await pdfjs.getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'PasswordException') throw new InputRejectedError('encrypted', `${file} is encrypted`, {
        file,
        hint: 'Remove the password first (qpdf --decrypt).',
        key: 'classify.encrypted',
        params: { file },
        hintKey: 'classify.encryptedHint',
      });
    throw new InputRejectedError('bad-pdf', `Cannot read the PDF ${file}: ${(err as Error).message}`, { file, cause: err, key: 'classify.badPdf', params: { file, detail: (err as Error).message } });
  }
  try {
    const pageTexts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let out = '';
      let lastY: number | undefined;
      for (const item of content.items as TextItem[]) {
        if (typeof item.str !== 'string') continue;
        const y = item.transform?.[5];
        if (lastY !== undefined && y !== undefined && Math.abs(y - lastY) > 2 && !out.endsWith('\n')) out += '\n';
        out += item.str;
        if (item.hasEOL) out += '\n';
        if (y !== undefined) lastY = y;
      }
      pageTexts.push(out.replace(/[ \t]+\n/g, '\n').trim());
      page.cleanup();
    }
    const letters = pageTexts.join('').replace(/\s/g, '').length;
    if (letters < MIN_TEXT_LAYER) throw needsOcr(file, 'a PDF without a text layer (a scan)', 'classify.needsOcrPdf');
    return { text: pageTexts.join('\f'), pageTexts, pages: doc.numPages, source: 'pdf-text' };
  } finally {
    await doc.destroy();
  }
}

export interface TextOfOptions {
  /** OCR for images and scanned PDFs; without it they are rejected with a hint to run `sohoa ocr`. */
  ocr?: TextOf;
}

/** Text of a .txt, a PDF with a text layer, or (with `ocr`) an image or a scanned PDF. */
export function createTextOf(opts: TextOfOptions = {}): TextOf {
  return async (file) => {
    const ext = path.extname(file).toLowerCase();
    if (ext === '.txt' || ext === '.text') return readTextFile(file);
    if (ext === '.pdf') {
      try {
        return await readPdfText(file);
      } catch (err) {
        if (opts.ocr && err instanceof InputRejectedError && err.reason === 'needs-ocr') return opts.ocr(file);
        throw err;
      }
    }
    if (IMAGE_EXTENSIONS.has(ext)) {
      if (opts.ocr) return opts.ocr(file);
      throw needsOcr(file, 'an image', 'classify.needsOcrImage');
    }
    throw new InputRejectedError('unsupported', `Expected a .txt, .pdf or image file, got ${file}`, {
      file,
      hint: 'Classify the text sohoa ocr writes (.txt), a PDF with a text layer, or a scan.',
      key: 'classify.unsupported',
      params: { file },
      hintKey: 'classify.unsupportedHint',
    });
  };
}
