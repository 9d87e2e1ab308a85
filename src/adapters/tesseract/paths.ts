import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError } from '../../errors.js';

const require = createRequire(import.meta.url);

/** Languages shipped as npm packages, and the model folder used for each. */
const MODEL_DIRS: Record<string, string> = { vie: '4.0.0_best_int', eng: '4.0.0_best_int', osd: '4.0.0' };

function packageDir(name: string): string {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch (cause) {
    throw new ConfigError(`Expected the npm package ${name} to be installed, but it is missing`, {
      cause,
      hint: `Run npm install in the sohoa folder; OCR data is loaded from disk and never downloaded.`,
      key: 'ocr.noPackage',
      params: { name },
      hintKey: 'ocr.noPackageHint',
    });
  }
}

/**
 * The local folder holding `<lang>.traineddata.gz`. tesseract.js reads a langPath that is a
 * plain file path from disk; only URLs are fetched, so this keeps OCR fully offline.
 */
export function langPathFor(lang: string): string {
  const dir = MODEL_DIRS[lang];
  if (!dir) {
    throw new ConfigError(`Expected an OCR language among ${Object.keys(MODEL_DIRS).filter((l) => l !== 'osd').join(', ')}, got "${lang}"`, {
      hint: 'Install @tesseract.js-data/<lang> and add it to MODEL_DIRS, or use --ocr-lang vie+eng.',
      key: 'ocr.badLang',
      params: { langs: Object.keys(MODEL_DIRS).filter((l) => l !== 'osd').join(', '), lang },
      hintKey: 'ocr.badLangHint',
    });
  }
  const p = path.join(packageDir(`@tesseract.js-data/${lang}`), dir);
  if (!existsSync(path.join(p, `${lang}.traineddata.gz`))) {
    throw new ConfigError(`Expected ${lang}.traineddata.gz in ${p}, but it is missing`, {
      hint: 'Reinstall @tesseract.js-data/' + lang,
      key: 'ocr.noModel',
      params: { lang, dir: p },
      hintKey: 'ocr.noModelHint',
      hintParams: { lang },
    });
  }
  return p;
}

/**
 * tesseract.js reads `<langPath>/<lang>.traineddata.gz` for every language, from one folder,
 * but each language is its own npm package. So we make a folder of symlinks to the packaged
 * files (in the OS temp folder, keyed by the install location) and point langPath at it.
 * A plain path, not a URL, is read from disk: nothing is ever downloaded.
 */
export function sharedLangPath(langs: string[]): string {
  const files = langs.map((l) => ({ lang: l, target: path.join(langPathFor(l), `${l}.traineddata.gz`) }));
  const key = createHash('sha256').update(files.map((f) => f.target).join('\n')).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), `sohoa-tessdata-${process.getuid?.() ?? 0}-${key}`);
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const link = path.join(dir, `${f.lang}.traineddata.gz`);
    if (existsSync(link)) continue;
    const tmp = `${link}.${process.pid}.${randomBytes(4).toString('hex')}`;
    symlinkSync(f.target, tmp);
    renameSync(tmp, link); // atomic, so parallel workers never see a half-made link
  }
  return dir;
}

/** Local worker script and core: never the CDN defaults used in browsers. */
export function tesseractLocalPaths(): { workerPath: string; corePath: string } {
  const root = packageDir('tesseract.js');
  return {
    workerPath: path.join(root, 'src', 'worker-script', 'node', 'index.js'),
    corePath: packageDir('tesseract.js-core'),
  };
}

/**
 * A tessdata folder for the native tesseract command line holding exactly the models
 * tesseract.js uses (`@tesseract.js-data/<lang>`, ungzipped once into the OS temp folder), so
 * both engines read with one model.
 */
export function plainTessdataDir(langs: string[]): string {
  const sources = langs.map((l) => path.join(langPathFor(l), `${l}.traineddata.gz`));
  const key = createHash('sha256').update(sources.join('\n')).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), `sohoa-tessdata-plain-${process.getuid?.() ?? 0}-${key}`);
  mkdirSync(dir, { recursive: true });
  langs.forEach((l, i) => {
    const target = path.join(dir, `${l}.traineddata`);
    if (existsSync(target)) return;
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, gunzipSync(readFileSync(sources[i]!)));
    renameSync(tmp, target); // atomic: a parallel process never reads half a model
  });
  return dir;
}
