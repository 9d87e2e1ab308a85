import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../helpers/cli.js';

export const FIXTURES = path.join(ROOT, 'fixtures', 'classify');

export interface LabelledDoc {
  type: string;
  file: string;
  text: string;
}

/** fixtures/classify/<split>/<type>/*.txt, labelled by folder. */
export function loadSplit(split: 'train' | 'validation' | 'heldout'): LabelledDoc[] {
  const dir = path.join(FIXTURES, split);
  return readdirSync(dir)
    .sort()
    .flatMap((type) =>
      readdirSync(path.join(dir, type))
        .sort()
        .map((f) => ({ type, file: `${split}/${type}/${f}`, text: readFileSync(path.join(dir, type, f), 'utf8') })),
    );
}

/** Rows: true type; columns: predicted type. Printed so the per-type confusion is in the test log. */
export function confusionTable(pairs: Array<{ truth: string; predicted: string }>): string {
  const types = [...new Set(pairs.flatMap((p) => [p.truth, p.predicted]))].sort();
  const abbrev = (t: string) => t.split('-').map((w) => w.slice(0, 2)).join('').slice(0, 6);
  const header = ['true \\ predicted'.padEnd(22), ...types.map((t) => abbrev(t).padStart(7)), '  recall'].join('');
  const rows = types
    .filter((t) => pairs.some((p) => p.truth === t))
    .map((t) => {
      const mine = pairs.filter((p) => p.truth === t);
      const cells = types.map((u) => String(mine.filter((p) => p.predicted === u).length || '.').padStart(7));
      const recall = mine.filter((p) => p.predicted === t).length / mine.length;
      return [t.padEnd(22), ...cells, `  ${(recall * 100).toFixed(0)}%`].join('');
    });
  return [header, ...rows].join('\n');
}
