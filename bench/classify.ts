import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './index.js';
import { fmt } from './util.js';
import { createClassifier } from '../src/stages/classify/classifier.js';
import { trainModel } from '../src/stages/classify/model.js';
import { compact, foldText } from '../src/stages/classify/normalize.js';
import { loadRules } from '../src/stages/classify/rules.js';
import type { OcrEngine } from '../src/ports/ocr-engine.js';
import { handwrittenNumbers } from './classify-handwritten.js';
import { isSame, scoreCorpus, scoreSynthetic, type Scored } from './classify-accuracy.js';

/**
 * Cost of classifying one document (fuzzy rules, then rules + naive Bayes, metadata included)
 * against a baseline measured in the same run: folding the text and looking every rule phrase
 * up exactly (indexOf) — the cheapest matcher that would still read the same rules. OCR costs
 * 1–2 s a page here, so anything in milliseconds is negligible beside it.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function labelledTexts(split: string): Array<{ type: string; text: string }> {
  const dir = path.join(ROOT, 'fixtures/classify', split);
  return readdirSync(dir).flatMap((type) => readdirSync(path.join(dir, type)).map((f) => ({ type, text: readFileSync(path.join(dir, type, f), 'utf8') })));
}

function timePerDoc(docs: Array<{ text: string }>, rounds: number, fn: (text: string) => unknown): number {
  for (const d of docs.slice(0, 20)) fn(d.text); // warm up the JIT
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const d of docs) fn(d.text);
  return Number(process.hrtime.bigint() - started) / 1e6 / (rounds * docs.length);
}

export const classifyBench: Benchmark = {
  name: 'classify',
  description: 'ms per document: fuzzy rules and rules + model, against exact phrase lookup in the same run',
  async run() {
    const train = labelledTexts('train');
    const docs = labelledTexts('heldout');
    const rules = loadRules();
    const phrases = rules.flatMap((t) => t.phrases.map((p) => p.compact));
    const rulesOnly = createClassifier(rules, undefined, 0.6);
    const combined = createClassifier(rules, trainModel(train), 0.6);
    const rounds = 5;
    const baseline = timePerDoc(docs, rounds, (text) => {
      const c = compact(foldText(text));
      return phrases.filter((p) => c.includes(p)).length;
    });
    const fuzzy = timePerDoc(docs, rounds, (text) => rulesOnly.classify(text));
    const both = timePerDoc(docs, rounds, (text) => combined.classify(text));
    const chars = docs.reduce((s, d) => s + d.text.length, 0) / docs.length;
    console.log(`${docs.length} held-out documents, ${Math.round(chars)} characters on average, ${phrases.length} rule phrases, ${rounds} rounds`);
    console.log(`exact lookup (baseline)  ${fmt(baseline, 3)} ms/doc`);
    console.log(`fuzzy rules + metadata   ${fmt(fuzzy, 3)} ms/doc  (${fmt(fuzzy / baseline)}× baseline)`);
    console.log(`rules + model + metadata ${fmt(both, 3)} ms/doc  (${fmt(both / baseline)}× baseline)`);
    await accuracy(rulesOnly);
  },
};

const CONFIDENT = 0.9;
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}% (${a}/${b})` : 'n/a');

function report(title: string, rows: Scored[]): void {
  if (rows.length === 0) return;
  console.log(`\n== ${title}: ${rows.length} documents`);
  const ok = rows.filter((r) => r.type === r.expectedType).length;
  console.log(`type accuracy ${pct(ok, rows.length)}`);
  const perType = new Map<string, { n: number; ok: number }>();
  for (const r of rows) {
    const e = perType.get(r.expectedType) ?? { n: 0, ok: 0 };
    e.n += 1;
    if (r.type === r.expectedType) e.ok += 1;
    perType.set(r.expectedType, e);
  }
  console.log('  per type: ' + [...perType.entries()].sort().map(([t, e]) => `${t} ${e.ok}/${e.n}`).join(', '));
  const confusion = rows.filter((r) => r.type !== r.expectedType);
  if (confusion.length) {
    console.log('  type confusion (expected → got):');
    const counts = new Map<string, number>();
    for (const r of confusion) counts.set(`${r.expectedType} → ${r.type}`, (counts.get(`${r.expectedType} → ${r.type}`) ?? 0) + 1);
    for (const [k, n] of counts) console.log(`    ${k}  ×${n}`);
  }
  const fields = rows.flatMap((r) => r.fields.map((f) => ({ ...f, doc: r.name })));
  if (fields.length === 0) return;
  let confidentWrong = 0;
  const wrongRows: string[] = [];
  console.log('  field      exact where printed      exact (all labelled)   confident (≥0.9) right / wrong');
  const right = (field: string, f: (typeof fields)[number]) => f.got !== undefined && f.expected !== '' && isSame(field, f.got, f.expected);
  for (const field of ['number', 'notation', 'date', 'organ']) {
    const fs = fields.filter((f) => f.field === field);
    const printed = fs.filter((f) => f.printed);
    const labelled = fs.filter((f) => f.expected !== '');
    const conf = fs.filter((f) => f.got !== undefined && f.confidence >= CONFIDENT);
    const confWrong = conf.filter((f) => !right(field, f));
    confidentWrong += confWrong.length;
    for (const f of confWrong) wrongRows.push(`    ${f.doc} ${field}: got "${f.got}" at ${f.confidence} (${f.source}), expected "${f.expected}"`);
    console.log(`  ${field.padEnd(10)} ${pct(printed.filter((f) => right(field, f)).length, printed.length).padEnd(24)} ${pct(labelled.filter((f) => right(field, f)).length, labelled.length).padEnd(22)} ${conf.length - confWrong.length} / ${confWrong.length}`);
  }
  // Handwritten, stamped or absent: the right answer is no value, a partial one or a low confidence.
  const unprinted = fields.filter((f) => !f.printed && (f.field === 'number' || f.field === 'date' || f.field === 'notation'));
  if (unprinted.length) {
    console.log('  not printed (handwritten, stamped, absent): correctly withheld = no value, a consistent partial date, or confidence < 0.9');
    console.log('  field      correctly withheld       none  partial  low-conf right/wrong  confident right/wrong');
    for (const field of ['number', 'notation', 'date']) {
      const fs = unprinted.filter((f) => f.field === field);
      if (fs.length === 0) continue;
      const none = fs.filter((f) => f.got === undefined).length;
      const partialOk = fs.filter((f) => f.got !== undefined && f.partial && f.expected.startsWith(f.got)).length;
      const partialBad = fs.filter((f) => f.got !== undefined && f.partial && !f.expected.startsWith(f.got)).length;
      const full = fs.filter((f) => f.got !== undefined && !f.partial);
      const low = full.filter((f) => f.confidence < CONFIDENT);
      const high = full.filter((f) => f.confidence >= CONFIDENT);
      const lowRight = low.filter((f) => right(field, f)).length;
      const highRight = high.filter((f) => right(field, f)).length;
      const ok = none + partialOk + low.length + highRight;
      console.log(`  ${field.padEnd(10)} ${pct(ok, fs.length).padEnd(24)} ${String(none).padEnd(5)} ${`${partialOk}${partialBad ? ` (+${partialBad} wrong)` : ''}`.padEnd(8)} ${`${lowRight} / ${low.length - lowRight}`.padEnd(21)} ${highRight} / ${high.length - highRight}`);
    }
  }
  console.log(`  wrong values at confidence ≥ ${CONFIDENT}: ${confidentWrong}`);
  for (const w of wrongRows) console.log(w);
  const review = rows.filter((r) => r.reasons.length).length;
  console.log(`  sent to review: ${review}/${rows.length}`);
  if (process.env.SOHOA_BENCH_VERBOSE) {
    for (const r of rows) {
      console.log(`  ${r.name.slice(0, 44).padEnd(44)} ${r.expectedType}→${r.type} ${r.textUsed ?? ''} [${r.reasons.join(' ')}]`);
      for (const f of r.fields) console.log(`      ${f.field.padEnd(9)} ${String(f.got ?? '-').padEnd(36)} ${f.confidence.toFixed(2)} ${f.source ?? ''}  want ${f.expected}${f.printed ? '' : ` (not printed: ${f.ink ?? 'unlabelled'})`}`);
    }
  }
}

/** Type and metadata accuracy on the real labelled corpus (both splits) and the synthetic set. */
async function accuracy(classifier: ReturnType<typeof createClassifier>): Promise<void> {
  const { TesseractPool } = await import('../src/adapters/tesseract/pool.js');
  let pool: Promise<OcrEngine> | undefined;
  try {
    const corpus = await scoreCorpus(classifier, () => (pool ??= TesseractPool.create({ size: 1, lang: 'vie+eng' })));
    if (corpus.length === 0) console.log('\nNo labelled corpus (set SOHOA_CORPUS_DOCUMENTS): corpus figures skipped.');
    report('real corpus, tuning split', corpus.filter((r) => r.set === 'corpus-tune'));
    report('real corpus, validation split (never tuned on)', corpus.filter((r) => r.set === 'corpus-validation'));
    report('real corpus, all', corpus);
    report('synthetic tuning pages (train split)', scoreSynthetic(classifier, ROOT, 'train'));
    report('synthetic held-out pages (never tuned on)', scoreSynthetic(classifier, ROOT, 'heldout'));
    await handwrittenNumbers(classifier, await (pool ??= TesseractPool.create({ size: 1, lang: 'vie+eng' })));
  } finally {
    if (pool) await (await pool).terminate();
  }
}
