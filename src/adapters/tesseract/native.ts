import { execFile } from 'node:child_process';
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
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(opts: NativeTesseractOptions) {
    this.size = Math.max(1, opts.size);
    this.langs = (opts.lang ?? 'vie+eng').split('+').filter(Boolean);
    this.psm = opts.psm ?? 3;
    this.timeout = opts.pageTimeoutMs ?? 180_000;
    this.binary = opts.binary ?? 'tesseract';
  }

  private async slot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(this.binary, args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 << 20, timeout: this.timeout, killSignal: 'SIGKILL' }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      );
    });
  }

  async recognize(image: string | Buffer, pageNo: number): Promise<PageOcr> {
    if (typeof image !== 'string') throw new Error('The native tesseract engine reads image files, not buffers');
    return this.slot(async () => {
      const started = Date.now();
      try {
        const tsv = await this.run([image, 'stdout', '--tessdata-dir', plainTessdataDir(this.langs), '-l', this.langs.join('+'), '--psm', String(this.psm), '-c', 'tessedit_create_txt=0', '-c', 'tessedit_create_tsv=1']);
        return toPageOcr(textFromTsv(tsv), tsv, pageNo, Date.now() - started, this.langs.includes('vie'));
      } catch (err) {
        throw new InputRejectedError('ocr-failed', `OCR failed on page ${pageNo}: ${(err as Error).message.split('\n')[0]}`, {
          cause: err,
          hint: 'The page image is probably corrupt; rescan it. The batch went on.',
        });
      }
    });
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
