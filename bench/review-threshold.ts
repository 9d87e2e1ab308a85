import type { Benchmark } from './index.js';
import { createClassifier, type Classifier } from '../src/stages/classify/classifier.js';
import { trainModel } from '../src/stages/classify/model.js';
import { loadRules } from '../src/stages/classify/rules.js';
import { REVIEW_BELOW_DEFAULT } from '../src/config/schema.js';
import { labelledTexts } from './classify.js';

const THRESHOLDS = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];

/**
 * How classify.reviewBelow was chosen, and what the rest of the gate holds. On the validation
 * split (tuning) and then the heldout split (never tuned on): for each threshold, the wrong
 * types that would still be signed and the right ones that would wait; then, with no type
 * threshold at all, the documents held for an unreadable required field and those that only
 * carry notes (a field not found, or taken from the signature or the file name), which the
 * earlier rule held as well.
 */
export const reviewThresholdBench: Benchmark = {
  name: 'review-threshold',
  description: 'wrong types let through and right ones held, per classify.reviewBelow; metadata holds and notes',
  async run() {
    const classifiers: Record<string, Classifier> = {
      'rules only': createClassifier(loadRules(), undefined, 0),
      'rules + model (train split)': createClassifier(loadRules(), trainModel(labelledTexts('train')), 0),
    };
    const groups = new Map(loadRules().map((t) => [t.id, t.group]));
    for (const split of ['validation', 'heldout']) {
      const docs = labelledTexts(split);
      for (const [name, c] of Object.entries(classifiers)) {
        const r = docs.map((d) => {
          const x = c.classify(d.text);
          return { ok: x.type === d.type, conf: x.confidence, type: d.type, got: x.type, holds: x.reviewReasons, notes: x.notes };
        });
        const wrong = r.filter((x) => !x.ok);
        console.log(`${split}, ${name}: ${r.length} documents, ${wrong.length} wrong${wrong.length ? ` (${wrong.map((x) => `${x.type}→${x.got} at ${x.conf.toFixed(3)}`).join(', ')})` : ''}`);
        for (const t of THRESHOLDS) {
          const through = wrong.filter((x) => x.conf >= t).length;
          const held = r.filter((x) => x.ok && x.conf < t).length;
          console.log(`  reviewBelow ${t.toFixed(2)}${t === REVIEW_BELOW_DEFAULT ? ' (default)' : ''}: wrong signed ${through}, right held ${held}`);
        }
        const fieldHeld = r.filter((x) => x.holds.length > 0);
        const notesOnly = r.filter((x) => x.holds.length === 0 && x.notes.some((n) => n.startsWith('metadata:')));
        const heldBefore = r.filter((x) => x.holds.length > 0 || x.notes.some((n) => earlierRuleHeld(n, groups.get(x.got))));
        const reasons = count(fieldHeld.flatMap((x) => x.holds));
        console.log(`  held for an unreadable required field: ${fieldHeld.length}${fieldHeld.length ? ` (${reasons})` : ''}; notes only (not held): ${notesOnly.length}; the earlier rule held ${heldBefore.length}`);
      }
    }
  },
};

/** The rule before this one: every metadata finding held an administrative document, and a form's only when not about a missing number or date. */
function earlierRuleHeld(note: string, group: string | undefined): boolean {
  if (note === 'type:notation-title-disagree') return true;
  if (!note.startsWith('metadata:')) return false;
  return group === 'administrative' || !/^metadata:(number|date)-(not-found|unreadable)$/.test(note);
}

function count(xs: string[]): string {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].map(([k, v]) => `${k} ×${v}`).join(', ');
}
