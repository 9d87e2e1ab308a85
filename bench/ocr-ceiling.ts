/**
 * The OCR-only ceiling for bench/ocr.ts: plain tesseract.js `recognize` on the same images with
 * the same number of workers and the same offline data, nothing else. Run as a child process
 * so its wall time and peak RSS are measured the same way as `sohoa ocr`.
 * Usage: tsx bench/ocr-ceiling.ts WORKERS LANG IMAGE...
 */
import { createWorker, OEM } from 'tesseract.js';
import { sharedLangPath, tesseractLocalPaths } from '../src/adapters/tesseract/paths.js';

const [workersArg, lang, ...images] = process.argv.slice(2);
const langs = lang!.split('+');
const workers = await Promise.all(
  Array.from({ length: Number(workersArg) }, () =>
    createWorker(langs, OEM.LSTM_ONLY, { ...tesseractLocalPaths(), langPath: sharedLangPath(langs), gzip: true, cacheMethod: 'none' }),
  ),
);
let next = 0;
let chars = 0;
await Promise.all(
  workers.map(async (w) => {
    while (next < images.length) {
      const img = images[next++]!;
      chars += (await w.recognize(img)).data.text.length;
    }
  }),
);
await Promise.all(workers.map((w) => w.terminate()));
console.log(JSON.stringify({ pages: images.length, chars }));
