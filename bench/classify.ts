import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './index.js';
import { fmt } from './util.js';
import { createClassifier } from '../src/stages/classify/classifier.js';
import { trainModel } from '../src/stages/classify/model.js';
import { compact, foldText } from '../src/stages/classify/normalize.js';
import { loadRules } from '../src/stages/classify/rules.js';

/**
 * Cost of classifying one document (fuzzy rules, then rules + naive Bayes, metadata included)
 * against a baseline measured in the same run: folding the text and looking every rule phrase
 * up exactly (indexOf) — the cheapest matcher that would still read the same rules. OCR costs
 * 1–2 s a page here, so anything in milliseconds is negligible beside it.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function texts(split: string): Array<{ type: string; text: string }> {
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
    const train = texts('train');
    const docs = texts('heldout');
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
  },
};
