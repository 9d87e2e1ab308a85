import { promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import type { ScanConfig } from '../../config/schema.js';
import { InputRejectedError, SohoaError } from '../../errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { settledFacts } from '../ingest/check.js';
import { DEFAULT_LIMIT_INPUT_PIXELS } from '../preprocess/index.js';
import { openPdf } from '../preprocess/pdf-source.js';
import { sniffFile } from '../preprocess/sniff.js';
import { fileStack, type PageSource, type StackResult } from './file-stack.js';
import { raw } from './inspect.js';
import { STACK } from './place.js';
import { splitRules } from './split.js';

export interface StackSplit extends Omit<StackResult, 'codes'> {
  file: string;
  sha256: string;
}

export interface StackOutcome {
  split: StackSplit[];
  waiting: Array<{ file: string; reason: string }>;
  rejected: Array<{ file: string; reason: string; message: string; hint?: string }>;
}

export interface StackOptions {
  config: ScanConfig;
  settleMs: number;
  now: number;
  limitInputPixels?: number;
}

/** Marker beside a split stack: `_stack/.<name>.split.json`, holding the stack's SHA-256. */
const markerFor = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.split.json`);

/**
 * Ingest's hook for `INBOX/<unit>/_stack/`: every settled multi-page PDF or TIFF there is split by
 * barcode into that unit's dossiers, exactly as `sohoa scan --split barcode` would have written
 * the pages. The stack itself is never changed; a marker with its SHA-256 makes a re-run a no-op,
 * and a stack whose bytes changed is split again under new page names.
 */
export async function splitStacks(inbox: string, o: StackOptions): Promise<StackOutcome> {
  const out: StackOutcome = { split: [], waiting: [], rejected: [] };
  const rules = splitRules(o.config);
  for (const unit of (await fsp.readdir(inbox, { withFileTypes: true })).filter((e) => e.isDirectory())) {
    const dir = path.join(inbox, unit.name, STACK);
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries.filter((x) => x.isFile() && !x.name.startsWith('.') && /\.(pdf|tiff?|png|jpe?g)$/i.test(x.name)).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, e.name);
      try {
        const facts = await settledFacts(file, o.settleMs, o.now);
        if ('waiting' in facts) {
          out.waiting.push({ file, reason: facts.waiting });
          continue;
        }
        const marker = await fsp.readFile(markerFor(file), 'utf8').then((t) => JSON.parse(t) as { sha256?: string }, () => undefined);
        if (marker?.sha256 === facts.sha256) continue;
        const pages = await stackPages(file, o.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS);
        const stem = `${path.basename(file).replace(/\.[^.]+$/, '').replace(/[^0-9A-Za-z.-]+/g, '-')}-${facts.sha256.slice(0, 8)}`;
        try {
          const r = await fileStack(pages.list, {
            inbox,
            unit: unit.name,
            stem,
            split: true,
            rules,
            formats: o.config.barcodeFormats,
            start: { part: 'ho-so' },
            dropBlankBacksides: false,
            mtime: new Date(facts.mtimeMs),
          });
          const { codes: _codes, ...rest } = r;
          out.split.push({ file, sha256: facts.sha256, ...rest });
          await writeFileAtomic(markerFor(file), JSON.stringify({ file: e.name, sha256: facts.sha256, splitAt: new Date(o.now).toISOString(), ...rest }, null, 2) + '\n');
        } finally {
          await pages.close();
        }
      } catch (err) {
        if (!(err instanceof SohoaError)) throw err;
        const reason = err instanceof InputRejectedError ? err.reason : 'stack-split-failed';
        out.rejected.push({ file, reason, message: err.message, hint: err.hint });
      }
    }
  }
  return out;
}

/** The pages of a stack file, each read when needed. */
async function stackPages(file: string, limitInputPixels: number): Promise<{ list: PageSource[]; close(): Promise<void> }> {
  const kind = await sniffFile(file);
  if (kind === 'pdf') {
    const pdf = await openPdf(file, limitInputPixels);
    const src = await PDFDocument.load(await fsp.readFile(file), { updateMetadata: false });
    const list: PageSource[] = Array.from({ length: pdf.numPages }, (_, i) => ({
      no: i + 1,
      ext: 'pdf',
      async pixels() {
        const r = await pdf.render(i + 1);
        return { img: { data: r.rgba, width: r.width, height: r.height, channels: 4 }, dpi: r.dpi };
      },
      // The page itself, copied untouched into a one-page PDF: no re-encoding of the scan.
      async bytes() {
        const one = await PDFDocument.create({ updateMetadata: false });
        const [page] = await one.copyPages(src, [i]);
        one.addPage(page!);
        return one.save();
      },
    }));
    return { list, close: () => pdf.close() };
  }
  let meta;
  try {
    meta = await sharp(file, { limitInputPixels }).metadata();
  } catch (err) {
    throw new InputRejectedError('corrupt', `Expected a readable ${kind.toUpperCase()} stack in ${file}: ${(err as Error).message}`, {
      file,
      cause: err,
      hint: 'The file is damaged or truncated; scan it again.',
      key: 'scan.badStack',
      params: { kind: kind.toUpperCase(), file, detail: (err as Error).message },
      hintKey: 'scan.badStackHint',
    });
  }
  const count = kind === 'tiff' ? (meta.pages ?? 1) : 1;
  const dpi = meta.density && meta.density !== 72 ? meta.density : 300;
  const list: PageSource[] = Array.from({ length: count }, (_, i) => ({
    no: i + 1,
    ext: kind === 'jpeg' ? 'jpg' : kind,
    pixels: async () => ({ img: await raw(sharp(file, { page: i, limitInputPixels })), dpi }),
    // One page of a multi-page TIFF, losslessly, with its resolution; a single image as it is.
    bytes: async () => (count === 1 ? fsp.readFile(file) : sharp(file, { page: i, limitInputPixels }).withMetadata({ density: dpi }).tiff({ compression: 'lzw' }).toBuffer()),
  }));
  return { list, close: async () => undefined };
}
