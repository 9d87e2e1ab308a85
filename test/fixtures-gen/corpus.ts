import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeDegraded, SPECS, type Degradation, type DegradationSpec } from './degrade.js';
import { renderOfficial } from './official-page.js';
import { officialText, sparseText, type Split } from './official-text.js';

export type { Split } from './official-text.js';

/** One labelled page of the degradation corpus. */
export interface CorpusPage {
  id: string;
  cls: Degradation;
  strength: number;
  split: Split;
  file: string;
  /** Ground truth in reading order: the left header block, then the right one, then the rest. */
  truth: string;
  /** The same text with the two header blocks interleaved row by row (tesseract's own order). */
  truthRows: string;
}

/** `truth` with its first `left + right` lines (two side-by-side blocks) interleaved row by row. */
export function rowOrder(truth: string, left: number, right: number): string {
  const lines = truth.split('\n');
  const l = lines.slice(0, left);
  const r = lines.slice(left, left + right);
  const rows: string[] = [];
  for (let i = 0; i < Math.max(left, right); i++) rows.push([l[i], r[i]].filter(Boolean).join(' '));
  return [...rows, ...lines.slice(left + right)].join('\n');
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GENERATOR_FILES = ['corpus.ts', 'degrade.ts', 'official-page.ts', 'official-text.ts'];

/** Cache folder keyed by the generator's own source: change the code, get fresh images. */
function cacheDir(): string {
  const h = createHash('sha256');
  for (const f of GENERATOR_FILES) h.update(readFileSync(path.join(HERE, f)));
  const dir = path.join(os.tmpdir(), `sohoa-ocr-corpus-${h.digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Split seeds differ, and so do the text pools: the holdout is never seen while tuning. */
const SPLIT_SEED: Record<Split, number> = { tune: 1009, holdout: 7919 };

/**
 * The labelled pages of a split: every class at every strength, `perSpec` pages each, drawn
 * deterministically and cached under the OS temp folder. `classes` narrows the set.
 */
export async function degradationCorpus(split: Split, opts: { classes?: Degradation[]; perSpec?: number } = {}): Promise<CorpusPage[]> {
  const dir = cacheDir();
  const perSpec = opts.perSpec ?? 1;
  const out: CorpusPage[] = [];
  let n = 0;
  for (const spec of SPECS) {
    for (let k = 0; k < perSpec; k++, n++) {
      if (opts.classes && !opts.classes.includes(spec.cls)) continue;
      out.push(await corpusPage(dir, split, spec, k, n));
    }
  }
  return out;
}

async function corpusPage(dir: string, split: Split, spec: DegradationSpec, k: number, n: number): Promise<CorpusPage> {
  const id = `${split}-${spec.cls}-${spec.strength}${k ? `-${k + 1}` : ''}`;
  const seed = SPLIT_SEED[split] * 1000 + n;
  const truthFile = path.join(dir, `${id}.txt`);
  const ext = spec.store.format === 'jpeg' ? 'jpg' : spec.store.format === 'fax' ? 'tif' : 'png';
  const file = path.join(dir, `${id}.${ext}`);
  const text = spec.sparse ? sparseText(split, n) : officialText(split, n);
  const labelled = (truth: string): CorpusPage => ({ id, cls: spec.cls, strength: spec.strength, split, file, truth, truthRows: rowOrder(truth, text.left.length, text.right.length) });
  if (existsSync(file) && existsSync(truthFile)) return labelled(readFileSync(truthFile, 'utf8'));
  const page = renderOfficial(text, { dpi: spec.dpi, rotateDeg: spec.rotateDeg, overlay: spec.overlay, seed });
  const { image } = await encodeDegraded(spec, page.rgb, page.width, page.height, seed);
  // Write to a temp name then rename: parallel test workers may generate the same page.
  for (const [target, data] of [[file, image], [truthFile, page.truth]] as const) {
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  }
  return labelled(page.truth);
}
