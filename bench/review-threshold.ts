import type { Benchmark } from './index.js';
import { createClassifier } from '../src/stages/classify/classifier.js';
import { trainModel } from '../src/stages/classify/model.js';
import { loadRules } from '../src/stages/classify/rules.js';
import { REVIEW_BELOW_DEFAULT } from '../src/config/schema.js';
import { labelledTexts } from './classify.js';

/**
 * How classify.reviewBelow was chosen: on the validation split, for each threshold, how many
 * wrong types would still be signed (confidence ≥ threshold) and how many right ones would wait
 * in review. The default is the lowest threshold that holds every error of the shipped rules.
 */
export const reviewThresholdBench: Benchmark = {
  name: 'review-threshold',
  description: 'wrong types let through and right ones held, per classify.reviewBelow, on the validation split',
  async run() {
    const validation = labelledTexts('validation');
    const classifiers = {
      'rules only': createClassifier(loadRules(), undefined, 0.6),
      'rules + model (train split)': createClassifier(loadRules(), trainModel(labelledTexts('train')), 0.6),
    };
    for (const [name, c] of Object.entries(classifiers)) {
      const r = validation.map((d) => {
        const x = c.classify(d.text);
        return { ok: x.type === d.type, conf: x.confidence };
      });
      console.log(`${name}: ${r.length} validation documents, ${r.filter((x) => !x.ok).length} wrong`);
      for (const t of [0.4, 0.5, 0.55, 0.6, 0.65, 0.7]) {
        const through = r.filter((x) => !x.ok && x.conf >= t).length;
        const held = r.filter((x) => x.ok && x.conf < t).length;
        console.log(`  reviewBelow ${t.toFixed(2)}${t === REVIEW_BELOW_DEFAULT ? ' (default)' : ''}: wrong signed ${through}, right held ${held}`);
      }
    }
  },
};
