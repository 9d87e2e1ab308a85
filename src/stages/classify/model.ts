import { readFileSync } from 'node:fs';
import { ConfigError } from '../../errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { layoutOf } from './layout.js';
import { foldText } from './normalize.js';

/**
 * The trainable layer: multinomial naive Bayes over character n-grams of the folded text,
 * with binarised counts (a feature counts once per document, which suits short noisy texts).
 * Title-zone n-grams are separate features, so a heading weighs more than the same words in
 * the body. Character n-grams survive OCR noise that breaks whole words.
 */
export const MODEL_FORMAT = 'sohoa-classify-nb';
const N_MIN = 3;
const N_MAX = 5;
/** Scales the per-feature average log-likelihood into a softmax temperature. */
const SHARPNESS = 20;

export interface TrainingExample {
  type: string;
  text: string;
  pageTexts?: string[];
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: 1;
  ngram: [number, number];
  alpha: number;
  classes: string[];
  docCounts: number[];
  /** feature → document count per class (same order as `classes`). */
  features: Record<string, number[]>;
  trainedAt: string;
}

/** Distinct features of a text: body n-grams, and `^`-prefixed n-grams of the title zone. */
export function featuresOf(text: string, pageTexts?: string[]): Set<string> {
  const out = new Set<string>();
  const add = (s: string, prefix: string) => {
    const padded = ` ${s} `;
    for (let n = N_MIN; n <= N_MAX; n++) {
      for (let i = 0; i + n <= padded.length; i++) out.add(prefix + padded.slice(i, i + n));
    }
  };
  const layout = layoutOf(text, pageTexts);
  add(foldText(layout.lines.join(' ')).replace(/[^a-z0-9 ]/g, ' ').replace(/ +/g, ' '), '');
  const title = [...layout.headings.slice(0, 6), ...layout.top.slice(0, 8)].join(' ');
  add(foldText(title).replace(/[^a-z0-9 ]/g, ' ').replace(/ +/g, ' '), '^');
  return out;
}

export class NaiveBayesModel {
  private readonly logPrior: number[];
  /** log P(feature | class) per feature, computed once: prediction is then sums only. */
  private readonly logLikelihood: Map<string, Float64Array>;

  constructor(readonly file: ModelFile) {
    const total = file.docCounts.reduce((a, b) => a + b, 0);
    this.logPrior = file.docCounts.map((c) => Math.log((c + 1) / (total + file.classes.length)));
    const entries = Object.entries(file.features);
    const sums = file.classes.map(() => 0);
    for (const [, counts] of entries) counts.forEach((c, i) => (sums[i]! += c));
    const denominators = sums.map((s) => Math.log(s + file.alpha * entries.length));
    this.logLikelihood = new Map(
      entries.map(([f, counts]) => [f, Float64Array.from(counts, (c, i) => Math.log(c + file.alpha) - denominators[i]!)]),
    );
  }

  get classes(): string[] {
    return this.file.classes;
  }

  /** Posterior probability of every class, tempered so that it reads as a confidence. */
  predict(text: string, pageTexts?: string[]): Map<string, number> {
    const { classes } = this.file;
    const logLik = new Float64Array(classes.length);
    let known = 0;
    for (const f of featuresOf(text, pageTexts)) {
      const ll = this.logLikelihood.get(f);
      if (!ll) continue;
      known += 1;
      for (let i = 0; i < ll.length; i++) logLik[i]! += ll[i]!;
    }
    const scores = classes.map((_, i) => (known ? (SHARPNESS * logLik[i]!) / known : 0) + this.logPrior[i]!);
    return softmax(classes, scores);
  }
}

export function softmax(ids: string[], scores: number[]): Map<string, number> {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return new Map(ids.map((id, i) => [id, exps[i]! / sum]));
}

/** Trains on labelled examples. Features seen in fewer than `minDocs` documents are dropped. */
export function trainModel(examples: TrainingExample[], opts: { alpha?: number; minDocs?: number } = {}): NaiveBayesModel {
  const classes = [...new Set(examples.map((e) => e.type))].sort();
  if (classes.length < 2) {
    throw new ConfigError(`Expected examples of at least 2 document types to train on, got ${classes.length}`, {
      hint: 'Put each type in its own folder named by type id, e.g. DIR/quyet-dinh/*.txt and DIR/cong-van/*.txt.',
      key: 'classify.tooFewTypes',
      params: { n: classes.length },
      hintKey: 'classify.tooFewTypesHint',
    });
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const docCounts = classes.map(() => 0);
  const raw = new Map<string, number[]>();
  for (const ex of examples) {
    const ci = index.get(ex.type)!;
    docCounts[ci]! += 1;
    for (const f of featuresOf(ex.text, ex.pageTexts)) {
      let counts = raw.get(f);
      if (!counts) raw.set(f, (counts = classes.map(() => 0)));
      counts[ci]! += 1;
    }
  }
  const minDocs = opts.minDocs ?? 2;
  const features: Record<string, number[]> = {};
  for (const [f, counts] of raw) if (counts.reduce((a, b) => a + b, 0) >= minDocs) features[f] = counts;
  return new NaiveBayesModel({
    format: MODEL_FORMAT,
    version: 1,
    ngram: [N_MIN, N_MAX],
    alpha: opts.alpha ?? 0.1,
    classes,
    docCounts,
    features,
    trainedAt: new Date().toISOString(),
  });
}

export async function saveModel(model: NaiveBayesModel, file: string): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(model.file));
}

export function loadModel(file: string): NaiveBayesModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Cannot read classification model ${file}: ${(err as Error).message}`, {
      file,
      hint: 'Train one with `sohoa classify train DIR --out MODEL`, or unset classify.model.',
      key: 'classify.cannotReadModel',
      params: { file, detail: (err as Error).message },
      hintKey: 'classify.trainHint',
    });
  }
  const m = raw as Partial<ModelFile>;
  if (m?.format !== MODEL_FORMAT || m.version !== 1 || !Array.isArray(m.classes) || !m.features || !Array.isArray(m.docCounts)) {
    throw new ConfigError(`Expected a ${MODEL_FORMAT} v1 model in ${file}, got something else`, {
      file,
      hint: 'Train one with `sohoa classify train DIR --out MODEL`.',
      key: 'classify.badModel',
      params: { format: MODEL_FORMAT, file },
      hintKey: 'classify.trainHint',
    });
  }
  return new NaiveBayesModel(m as ModelFile);
}
