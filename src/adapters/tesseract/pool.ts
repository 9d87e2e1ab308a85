import { createWorker, OEM, type PSM, type Worker } from 'tesseract.js';
import { InputRejectedError } from '../../errors.js';
import type { OcrEngine, Orientation, PageOcr } from '../../ports/ocr-engine.js';
import { toPageOcr } from './convert.js';
import { sharedLangPath, tesseractLocalPaths } from './paths.js';

export interface TesseractPoolOptions {
  /** Parallel workers; one per core by default (the caller decides). */
  size: number;
  /** Tesseract languages, e.g. `vie+eng`. */
  lang?: string;
  /** Replace a worker after this many pages: tesseract.js leaks memory in long runs. */
  recycleAfter?: number;
  /** A page that takes longer than this is treated as a crashed worker. */
  pageTimeoutMs?: number;
  /**
   * Tesseract page segmentation mode. Default 3 (automatic, as the tesseract command line):
   * tesseract.js otherwise inherits the API default 6 (single block), which read our
   * textured pages at 5–9% CER where automatic read them at 0.5–1%.
   */
  psm?: number;
}

/** Automatic page segmentation, as the tesseract command line. */
export const DEFAULT_PSM = 3;

interface Slot {
  worker: Promise<Worker>;
  pages: number;
}

/** Local paths for everything tesseract.js would otherwise fetch; no cache written to the cwd. */
function workerOptions(langs: string[], legacy = false) {
  return {
    ...tesseractLocalPaths(),
    langPath: sharedLangPath(langs),
    gzip: true,
    cacheMethod: 'none',
    legacyCore: legacy,
    legacyLang: legacy,
    // Without a handler tesseract.js rethrows job errors inside its message listener.
    errorHandler: () => undefined,
  };
}

/** A pool of tesseract.js workers (worker threads): the OcrEngine used by sohoa. */
export class TesseractPool implements OcrEngine {
  readonly size: number;
  private readonly langs: string[];
  private readonly recycleAfter: number;
  private readonly pageTimeoutMs: number;
  private readonly psm: number;
  private readonly slots: Slot[] = [];
  private readonly free: Slot[] = [];
  private readonly waiting: Array<(s: Slot) => void> = [];
  private osd?: Promise<Worker>;
  private terminated = false;
  /** Workers replaced after a failure (for reports and tests). */
  crashes = 0;
  recycled = 0;
  /** OCR workers alive now, and the most ever alive at once (never above size: see replace). */
  live = 0;
  peakLive = 0;

  private constructor(opts: TesseractPoolOptions) {
    this.size = Math.max(1, opts.size);
    this.langs = (opts.lang ?? 'vie+eng').split('+').filter(Boolean);
    this.recycleAfter = opts.recycleAfter ?? 100;
    this.pageTimeoutMs = opts.pageTimeoutMs ?? 180_000;
    this.psm = opts.psm ?? DEFAULT_PSM;
  }

  /** Starts all workers and waits until each has loaded its languages. */
  static async create(opts: TesseractPoolOptions): Promise<TesseractPool> {
    const pool = new TesseractPool(opts);
    for (let i = 0; i < pool.size; i++) {
      const slot: Slot = { worker: pool.spawn(), pages: 0 };
      pool.slots.push(slot);
      pool.free.push(slot);
    }
    await Promise.all(pool.slots.map((s) => s.worker));
    return pool;
  }

  private async spawn(): Promise<Worker> {
    const worker = await createWorker(this.langs, OEM.LSTM_ONLY, workerOptions(this.langs));
    this.live += 1;
    this.peakLive = Math.max(this.peakLive, this.live);
    try {
      await worker.setParameters({ tessedit_pageseg_mode: String(this.psm) as PSM });
    } catch (err) {
      await this.retire(worker).catch(() => undefined);
      throw err;
    }
    return worker;
  }

  private acquire(): Promise<Slot> {
    const slot = this.free.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }

  /**
   * The old worker exits before its replacement starts: overlapping them held two WASM heaps
   * per slot at once, and peak RSS grew with batch size.
   */
  private replace(slot: Slot): void {
    const old = slot.worker;
    slot.pages = 0;
    slot.worker = old
      .then((w) => this.retire(w))
      .catch(() => undefined)
      .then(() => this.spawn());
    slot.worker.catch(() => undefined); // a failed start surfaces on the next page, not as an unhandled rejection
  }

  /** Terminates a worker; its WASM heap is gone once this resolves. */
  private async retire(w: Worker): Promise<void> {
    try {
      await w.terminate();
    } finally {
      this.live -= 1;
    }
  }

  async recognize(image: string | Buffer, pageNo: number): Promise<PageOcr> {
    if (this.terminated) throw new Error('OCR pool already terminated');
    const slot = await this.acquire();
    const started = Date.now();
    try {
      const worker = await slot.worker;
      const result = await withTimeout(
        worker.recognize(image, {}, { text: true, tsv: true, blocks: false }),
        this.pageTimeoutMs,
        `no answer after ${this.pageTimeoutMs / 1000} s`,
      );
      slot.pages += 1;
      if (slot.pages >= this.recycleAfter) {
        this.recycled += 1;
        this.replace(slot);
      }
      return toPageOcr(result.data.text ?? '', result.data.tsv ?? '', pageNo, Date.now() - started, this.langs.includes('vie'));
    } catch (err) {
      // The worker may be in a bad state (WASM abort, hang): replace it, reject only this page.
      this.crashes += 1;
      this.replace(slot);
      const reason = err instanceof Error ? err.message : String(err);
      throw new InputRejectedError('ocr-failed', `OCR failed on page ${pageNo}: ${reason}`, {
        cause: err,
        hint: 'The page image is probably corrupt; rescan it. The OCR worker was replaced and the batch went on.',
        key: 'ocr.failedPage',
        params: { page: pageNo, detail: reason },
        hintKey: 'ocr.failedPageHintReplaced',
      });
    } finally {
      this.release(slot);
    }
  }

  async detectOrientation(image: string | Buffer): Promise<Orientation | undefined> {
    this.osd ??= createWorker('osd', OEM.TESSERACT_ONLY, workerOptions(['osd'], true));
    try {
      const worker = await this.osd;
      const { data } = await withTimeout(worker.detect(image), this.pageTimeoutMs, 'orientation detection timed out');
      const deg = data.orientation_degrees;
      if (deg === null || deg === undefined || data.orientation_confidence === null) return undefined;
      // tesseract.js's orientation_degrees is already the clockwise turn that makes the page
      // upright (the CLI's "Rotate:"): a page scanned 90° counter-clockwise reports 90. Measured
      // on the 270° pages of the degradation corpus; the old 360 − deg turned them upside down.
      const rotate = (deg % 360) as Orientation['rotate'];
      return { rotate, confidence: data.orientation_confidence };
    } catch {
      const old = this.osd;
      this.osd = undefined;
      void old?.then((w) => w.terminate()).catch(() => undefined);
      return undefined;
    }
  }

  async terminate(): Promise<void> {
    this.terminated = true;
    await Promise.all([
      ...this.slots.map((s) => s.worker.then((w) => this.retire(w)).catch(() => undefined)),
      ...(this.osd ? [this.osd.then((w) => w.terminate()).catch(() => undefined)] : []),
    ]);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
