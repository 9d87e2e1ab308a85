import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputRejectedError } from '../../errors.js';
import type { OcrEngine, Orientation, PageOcr } from '../../ports/ocr-engine.js';
import { toPageOcr } from './convert.js';
import { plainTessdataDir } from './paths.js';

export interface NativeTesseractOptions {
  /** Pages read in parallel, one `tesseract` process (one thread) each. */
  size: number;
  lang?: string;
  psm?: number;
  pageTimeoutMs?: number;
  /** The tesseract executable (default: `tesseract` on the PATH). */
  binary?: string;
  /** Most pages read by one process (default 4). */
  batch?: number;
}

interface QueuedPage {
  image: string;
  pageNo: number;
  resolve(ocr: PageOcr): void;
  reject(err: unknown): void;
}

/**
 * OcrEngine over the native tesseract command line (Debian's `tesseract-ocr`), chosen with
 * `ocr.engine: "native"`. It reads the same models as tesseract.js (the `@tesseract.js-data`
 * files, ungzipped once into the OS temp folder), so results match; it is faster than the WASM
 * build. tesseract.js stays the default so that `npm ci` alone is enough.
 */
export class NativeTesseract implements OcrEngine {
  readonly size: number;
  private readonly langs: string[];
  private readonly psm: number;
  private readonly timeout: number;
  private readonly binary: string;
  private readonly batch: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly queue: QueuedPage[] = [];
  /** Pages read in a process shared with other pages (for the bench and tests). */
  batchedPages = 0;

  constructor(opts: NativeTesseractOptions) {
    this.size = Math.max(1, opts.size);
    this.langs = (opts.lang ?? 'vie+eng').split('+').filter(Boolean);
    this.psm = opts.psm ?? 3;
    this.timeout = opts.pageTimeoutMs ?? 180_000;
    this.binary = opts.binary ?? 'tesseract';
    this.batch = Math.max(1, opts.batch ?? 4);
  }

  /** A process slot for OSD; shared with the OCR batches, so at most `size` processes run. */
  private async slot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Hands a finished slot to a waiting OSD call (still counted as running), or to the next batch. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else {
      this.running--;
      this.pump();
    }
  }

  private run(args: string[], timeout = this.timeout): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(this.binary, args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 256 << 20, timeout, killSignal: 'SIGKILL' }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      );
    });
  }

  async recognize(image: string | Buffer, pageNo: number): Promise<PageOcr> {
    if (typeof image !== 'string') throw new Error('The native tesseract engine reads image files, not buffers');
    return new Promise<PageOcr>((resolve, reject) => {
      this.queue.push({ image, pageNo, resolve, reject });
      this.pump();
    });
  }

  /**
   * Starts a process on each free slot. A slot takes every page waiting (up to `batch`) into one
   * `tesseract` process, through a list file: the models (~0.2 CPU-s to load for vie+eng) are
   * loaded once per batch instead of once per page. Pages are read one by one as before, so
   * the result of each is the same as alone. A batch that fails is retried page by page, so
   * one corrupt page rejects only itself.
   */
  private pump(): void {
    while (this.running < this.size && this.queue.length > 0) {
      const pages = this.queue.splice(0, this.batch);
      this.running++;
      void this.readBatch(pages).finally(() => this.release());
    }
  }

  private async readBatch(pages: QueuedPage[]): Promise<void> {
    const started = Date.now();
    if (pages.length > 1) {
      const list = path.join(os.tmpdir(), `sohoa-ocr-list-${process.pid}-${randomBytes(6).toString('hex')}.txt`);
      try {
        await fsp.writeFile(list, pages.map((p) => p.image).join('\n') + '\n');
        const tsv = await this.run([list, 'stdout', ...this.ocrArgs()], this.timeout * pages.length);
        const byPage = splitTsvPages(tsv, pages.length);
        const ms = Math.round((Date.now() - started) / pages.length);
        this.batchedPages += pages.length;
        pages.forEach((p, i) => p.resolve(toPageOcr(textFromTsv(byPage[i]!), byPage[i]!, p.pageNo, ms, this.langs.includes('vie'))));
        return;
      } catch {
        // fall through: each page alone, so a bad page rejects only itself
      } finally {
        await fsp.rm(list, { force: true });
      }
    }
    for (const p of pages) {
      const t0 = Date.now();
      try {
        const tsv = await this.run([p.image, 'stdout', ...this.ocrArgs()]);
        p.resolve(toPageOcr(textFromTsv(tsv), tsv, p.pageNo, Date.now() - t0, this.langs.includes('vie')));
      } catch (err) {
        p.reject(
          new InputRejectedError('ocr-failed', `OCR failed on page ${p.pageNo}: ${(err as Error).message.split('\n')[0]}`, {
            cause: err,
            hint: 'The page image is probably corrupt; rescan it. The batch went on.',
            key: 'ocr.failedPage',
            params: { page: p.pageNo, detail: (err as Error).message.split('\n')[0] },
            hintKey: 'ocr.failedPageHint',
          }),
        );
      }
    }
  }

  private ocrArgs(): string[] {
    return ['--tessdata-dir', plainTessdataDir(this.langs), '-l', this.langs.join('+'), '--psm', String(this.psm), '-c', 'tessedit_create_txt=0', '-c', 'tessedit_create_tsv=1'];
  }

  async detectOrientation(image: string | Buffer): Promise<Orientation | undefined> {
    if (typeof image !== 'string') return undefined;
    return this.slot(async () => {
      try {
        const out = await this.run([image, 'stdout', '--tessdata-dir', plainTessdataDir(['osd']), '--psm', '0']);
        const rotate = Number(/Rotate: (\d+)/.exec(out)?.[1]);
        const confidence = Number(/Orientation confidence: ([\d.]+)/.exec(out)?.[1]);
        if (![0, 90, 180, 270].includes(rotate) || Number.isNaN(confidence)) return undefined;
        return { rotate: rotate as Orientation['rotate'], confidence };
      } catch {
        return undefined; // too little text to tell
      }
    });
  }

  async terminate(): Promise<void> {}
}

/** Plain text from tesseract's TSV: words joined by spaces, one line per text line, a blank line between blocks. */
export function textFromTsv(tsv: string): string {
  const out: string[] = [];
  let lastLine = '';
  let lastBlock = '';
  let cur: string[] = [];
  const flush = () => {
    if (cur.length) out.push(cur.join(' '));
    cur = [];
  };
  for (const row of tsv.split('\n')) {
    const c = row.split('\t');
    if (c[0] !== '5' || c.length < 12) continue;
    const text = c.slice(11).join('\t').trim();
    if (!text) continue;
    const line = `${c[2]}.${c[3]}.${c[4]}`;
    if (line !== lastLine) {
      flush();
      if (lastBlock && c[2] !== lastBlock) out.push('');
      lastLine = line;
      lastBlock = c[2]!;
    }
    cur.push(text);
  }
  flush();
  return out.join('\n') + '\n';
}

/** Splits the TSV of a multi-page run into one TSV per page, by its page_num column (from 1). */
export function splitTsvPages(tsv: string, pages: number): string[] {
  const out: string[][] = Array.from({ length: pages }, () => []);
  for (const row of tsv.split('\n')) {
    const c = row.split('\t', 2);
    const n = Number(c[1]);
    if (c[0] === 'level' || !Number.isInteger(n) || n < 1 || n > pages) continue;
    out[n - 1]!.push(row);
  }
  if (out.some((rows) => rows.length === 0)) throw new Error(`Expected TSV rows for each of ${pages} pages`);
  return out.map((rows) => rows.join('\n') + '\n');
}
