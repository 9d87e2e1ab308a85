import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixLookalikes } from '../src/adapters/tesseract/convert.js';
import { plainTessdataDir } from '../src/adapters/tesseract/paths.js';
import { TesseractPool } from '../src/adapters/tesseract/pool.js';
import { ocrPage } from '../src/stages/ocr/index.js';
import { preprocessDocument } from '../src/stages/preprocess/index.js';

/** What one engine read on one page. */
export interface Reading {
  text: string;
  /** Mean word confidence 0–100 (tesseract.js engines only; the CLI's plain text has none). */
  confidence?: number;
  /** Quarter turn sohoa applied, degrees. */
  rotation?: number;
}

export interface AccuracyEngine {
  name: string;
  read(file: string): Promise<Reading>;
  close(): Promise<void>;
}

/** Runs `fn` over items, `limit` at a time, keeping order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** sohoa's own path: preprocess (deskew, OCR copy) then OCR with orientation rules, as `sohoa ocr` does. */
export async function sohoaEngine(workers: number): Promise<AccuracyEngine> {
  const pool = await TesseractPool.create({ size: workers });
  const root = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-acc-'));
  let n = 0;
  return {
    name: 'sohoa',
    async read(file) {
      const workDir = path.join(root, String(++n));
      const [page] = await preprocessDocument([file], workDir, { minDpi: 150 });
      const { page: done, ocr } = await ocrPage(pool, page!);
      rmSync(workDir, { recursive: true, force: true });
      return { text: ocr.text, confidence: ocr.confidence, rotation: done.rotation };
    },
    async close() {
      await pool.terminate();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** tesseract.js on the raw image file, automatic segmentation, no preprocessing at all. */
export async function tesseractJsRawEngine(workers: number): Promise<AccuracyEngine> {
  const pool = await TesseractPool.create({ size: workers });
  return {
    name: 'tesseract.js raw',
    async read(file) {
      const ocr = await pool.recognize(file, 1);
      return { text: ocr.text, confidence: ocr.confidence };
    },
    close: () => pool.terminate(),
  };
}

/**
 * The tesseract command line on the raw image: PSM 3 (its default), one thread per page.
 * The Đ/Ð look-alike fix sohoa applies is applied here too, so only the image path differs.
 */
export async function tesseractCliEngine(): Promise<AccuracyEngine> {
  const tessdata = plainTessdataDir(['vie', 'eng']);
  return {
    name: 'tesseract CLI raw',
    read: (file) =>
      new Promise((resolve, reject) => {
        execFile(
          'tesseract',
          [file, 'stdout', '--tessdata-dir', tessdata, '-l', 'vie+eng', '--psm', '3'],
          { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 16 << 20 },
          (err, stdout) => (err ? reject(err) : resolve({ text: fixLookalikes(stdout.normalize('NFC')) })),
        );
      }),
    close: async () => undefined,
  };
}
