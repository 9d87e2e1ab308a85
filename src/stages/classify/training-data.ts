import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ConfigError, SohoaError } from '../../errors.js';
import type { TrainingExample } from './model.js';
import { TYPE_ID_PATTERN } from './type-id.js';
import type { TextOf } from './text-of.js';

export interface TrainingSet {
  examples: TrainingExample[];
  /** Files that could not be read, with why; training goes on without them. */
  skipped: Array<{ file: string; reason: string }>;
}

/** Labelled examples from DIR/<type-id>/<file>: text, PDFs, or images when OCR is available. */
export async function readTrainingDir(dir: string, textOf: TextOf): Promise<TrainingSet> {
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new ConfigError(`Cannot read training folder ${dir}: ${(err as Error).message}`, { file: dir, key: 'classify.cannotReadTraining', params: { dir, detail: (err as Error).message } });
  }
  const examples: TrainingExample[] = [];
  const skipped: TrainingSet['skipped'] = [];
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  if (folders.length === 0) {
    throw new ConfigError(`Expected one folder per document type in ${dir}, got none`, {
      file: dir,
      hint: 'Lay out examples as DIR/quyet-dinh/a.txt, DIR/cong-van/b.pdf, … (folder names are type ids).',
      key: 'classify.noTypeFolders',
      params: { dir },
      hintKey: 'classify.typeFoldersHint',
    });
  }
  for (const type of folders) {
    if (!TYPE_ID_PATTERN.test(type)) {
      skipped.push({ file: path.join(dir, type), reason: `"${type}" is not a type id (lower-case words joined by hyphens)` });
      continue;
    }
    const files = (await fsp.readdir(path.join(dir, type), { withFileTypes: true })).filter((f) => f.isFile() && !f.name.startsWith('.'));
    for (const f of files.map((x) => x.name).sort()) {
      const file = path.join(dir, type, f);
      try {
        const doc = await textOf(file);
        examples.push({ type, text: doc.text, pageTexts: doc.pageTexts });
      } catch (err) {
        if (!(err instanceof SohoaError)) throw err;
        skipped.push({ file, reason: err.message });
      }
    }
  }
  return { examples, skipped };
}
