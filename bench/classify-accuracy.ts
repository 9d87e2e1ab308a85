import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OcrEngine } from '../src/ports/ocr-engine.js';
import type { Classification, Classifier } from '../src/stages/classify/classifier.js';
import { abbrKey } from '../src/stages/classify/notation.js';
import { foldText } from '../src/stages/classify/normalize.js';
import { pageEvidence } from '../src/stages/classify/page-evidence.js';
import { readSigners } from '../src/stages/classify/signers.js';
import { BUILTIN_TYPES } from '../src/stages/classify/taxonomy.js';
import { cachedFirstPage, readLabels, type Labelled } from './classify-corpus.js';

/** One scored document: what was expected, what came out, and at what confidence. */
export interface Scored {
  set: string;
  name: string;
  expectedType: string;
  type: string;
  fields: Array<{ field: string; expected: string; got?: string; confidence: number; printed: boolean; source?: string; partial?: boolean; ink?: Ink }>;
  reasons: string[];
  textUsed?: string;
}

const typeIdOf = (name: string) => BUILTIN_TYPES.find((t) => foldText(t.name) === foldText(name))?.id ?? 'khac';
const normNumber = (s: string) => s.replace(/^0+(?=\d)/, '');
export const normOrgan = (s: string) =>
  foldText(s).replace(/^ubnd\b/, 'uy ban nhan dan').replace(/\s+/g, ' ').trim();
const same: Record<string, (a: string, b: string) => boolean> = {
  number: (a, b) => normNumber(a) === normNumber(b),
  notation: (a, b) => abbrKey(a) === abbrKey(b),
  date: (a, b) => a === b,
  organ: (a, b) => normOrgan(a) === normOrgan(b),
};
export const isSame = (field: string, a: string, b: string) => same[field]!(a, b);

/** How the number and the day are on the page: judged from the page images (bench/classify-printed.csv). */
export type Ink = 'printed' | 'handwritten' | 'stamped' | 'absent';
const PRINTED_CSV = path.join(path.dirname(fileURLToPath(import.meta.url)), 'classify-printed.csv');

export function readPrintedJudgements(file = PRINTED_CSV): Map<string, { number: Ink; day: Ink }> {
  const out = new Map<string, { number: Ink; day: Ink }>();
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  if (head !== 'file,number,day,note') throw new Error(`Expected the header "file,number,day,note" in ${file}, got "${head}"`);
  const inks: readonly string[] = ['printed', 'handwritten', 'stamped', 'absent'];
  for (const row of rows) {
    const [name, number, day] = row.split(',') as [string, Ink, Ink];
    for (const [what, v] of [['number', number], ['day', day]] as const) {
      if (!inks.includes(v)) throw new Error(`Expected one of ${inks.join(', ')} for the ${what} of ${name} in ${file}, got "${v}"`);
    }
    out.set(name, { number, day });
  }
  return out;
}

/**
 * Which fields of a labelled document are printed. The judgement file wins; for a document it
 * does not list, the label notes decide ("handwritten number/day").
 */
function inkOf(doc: Labelled, judged: Map<string, { number: Ink; day: Ink }>): { number: Ink; day: Ink } {
  const j = judged.get(path.basename(doc.file));
  if (j) return j;
  const t = `${doc.notes} ${doc.unsure}`.toLowerCase();
  const hw = /handwrit|cursive/.test(t);
  return { number: hw && /number/.test(t) ? 'handwritten' : 'printed', day: hw && /day/.test(t) ? 'handwritten' : 'printed' };
}

function fieldsOf(c: Classification) {
  const m = c.metadata;
  return { number: m.codeNumber, notation: m.codeNotation, date: m.issuedDate, organ: m.organName };
}

export async function scoreCorpus(classifier: Classifier, engine: () => Promise<OcrEngine>): Promise<Scored[]> {
  const out: Scored[] = [];
  const judged = readPrintedJudgements();
  for (const doc of await readLabels()) {
    const page = await cachedFirstPage(doc, engine);
    const ev = pageEvidence(page);
    const signers = await readSigners(readFileSync(doc.file));
    const c = classifier.classify(ev.text, {
      pageTexts: [ev.text],
      pages: page.pages,
      textSource: ev.used,
      evidence: { readings: ev.readings, fileName: path.basename(doc.file), signers, stampText: ev.stampText },
    });
    const ink = inkOf(doc, judged);
    const got = fieldsOf(c);
    const expected = { number: doc.codeNumber, notation: doc.codeNotation, date: doc.issuedDate, organ: doc.organName };
    out.push({
      set: `corpus-${doc.split}`,
      name: path.basename(doc.file),
      expectedType: typeIdOf(doc.type),
      type: c.type,
      textUsed: ev.used + (ev.textLayer.reason ? ` (layer: ${ev.textLayer.reason})` : ''),
      reasons: c.reviewReasons,
      fields: (['number', 'notation', 'date', 'organ'] as const).map((f) => ({
        field: f,
        expected: expected[f],
        got: got[f]?.value as string | undefined,
        confidence: got[f]?.confidence ?? 0,
        source: got[f]?.source,
        partial: got[f]?.partial,
        ink: f === 'number' ? ink.number : f === 'date' ? ink.day : expected[f] === '' ? 'absent' : 'printed',
        printed: expected[f] !== '' && !(f === 'number' && ink.number !== 'printed') && !(f === 'date' && ink.day !== 'printed'),
      })),
    });
  }
  return out;
}

type SyntheticLabels = Record<string, { number?: string; notation?: string; date?: string }>;

/** Synthetic pages of one split (fixtures/classify/<split>), labelled by the generator (<split>.labels.json). */
export function scoreSynthetic(classifier: Classifier, root: string, split: 'train' | 'heldout' = 'heldout'): Scored[] {
  const dir = path.join(root, 'fixtures/classify', split);
  const labels = JSON.parse(readFileSync(path.join(root, `fixtures/classify/${split}.labels.json`), 'utf8')) as SyntheticLabels;
  return readdirSync(dir).flatMap((type) =>
    readdirSync(path.join(dir, type)).map((f) => {
      const text = readFileSync(path.join(dir, type, f), 'utf8');
      const c = classifier.classify(text);
      const l = labels[`${type}/${f}`] ?? {};
      const got = fieldsOf(c);
      // Pages without a number or date line have nothing to score there; organ is not labelled.
      const fields = (['number', 'notation', 'date'] as const).map((field) => ({
        field,
        expected: l[field] ?? '',
        got: got[field]?.value as string | undefined,
        confidence: got[field]?.confidence ?? 0,
        source: got[field]?.source,
        printed: l[field] !== undefined,
      })).filter((f) => f.printed);
      return { set: `synthetic-${split}`, name: `${type}/${f}`, expectedType: type, type: c.type, fields, reasons: c.reviewReasons };
    }),
  );
}
