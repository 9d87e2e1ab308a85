import { MEASURES, type Level, type Targets } from '../config/schema.js';

/** The counts a report shows for a unit (own or area) or a level. */
export interface Figures {
  received: number;
  componentsDigitized: number;
  resultsIssued: number;
  resultsDigitized: number;
  signed: number;
  archived: number;
}

export function emptyFigures(): Figures {
  return { received: 0, componentsDigitized: 0, resultsIssued: 0, resultsDigitized: 0, signed: 0, archived: 0 };
}

export function addFigures(a: Figures, b: Figures): Figures {
  return {
    received: a.received + b.received,
    componentsDigitized: a.componentsDigitized + b.componentsDigitized,
    resultsIssued: a.resultsIssued + b.resultsIssued,
    resultsDigitized: a.resultsDigitized + b.resultsDigitized,
    signed: a.signed + b.signed,
    archived: a.archived + b.archived,
  };
}

/** Percentage with one decimal, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/**
 * What a target is measured on. The seed's target (Trà Vinh, 2022) is "digitized, signed and
 * archived", so by default a unit meets it only when every one of the four rates reaches it.
 */
export { MEASURES } from '../config/schema.js';
export type Measure = (typeof MEASURES)[number];

export interface Evaluation {
  componentsRate: number | null;
  resultsRate: number | null;
  /** Dossiers sohoa signed, and archived, as a share of those received. */
  signedRate: number | null;
  archivedRate: number | null;
  target: number;
  /** Percentage points still missing (0 when met); null when there is no data. */
  componentsGap: number | null;
  resultsGap: number | null;
  /** The largest gap among the measures the target applies to. */
  gap: number | null;
  /** Met when every measure the target applies to reaches it (a measure with no data is skipped). */
  met: boolean | null;
}

function gapTo(r: number | null, target: number): number | null {
  if (r === null) return null;
  return Math.max(0, Math.round((target - r) * 10) / 10);
}

export function rates(f: Figures): Record<Measure, number | null> {
  return {
    components: rate(f.componentsDigitized, f.received),
    results: rate(f.resultsDigitized, f.resultsIssued),
    signed: rate(f.signed, f.received),
    archived: rate(f.archived, f.received),
  };
}

export function evaluate(f: Figures, target: number, measures: readonly Measure[] = MEASURES): Evaluation {
  const r = rates(f);
  const gaps = measures.map((m) => gapTo(r[m], target)).filter((g): g is number => g !== null);
  // No dossiers received: nothing to judge.
  const judged = f.received > 0 && gaps.length > 0;
  return {
    componentsRate: r.components,
    resultsRate: r.results,
    signedRate: r.signed,
    archivedRate: r.archived,
    target,
    componentsGap: gapTo(r.components, target),
    resultsGap: gapTo(r.results, target),
    gap: judged ? Math.max(...gaps) : null,
    met: judged ? gaps.every((g) => g === 0) : null,
  };
}

export function targetFor(level: Level, targets: Targets): number {
  return targets[level];
}

/** `province=50,district=40,commune=35` → Targets; missing levels keep their defaults. */
export function parseTargets(spec: string, defaults: Targets): Targets {
  const out = { ...defaults };
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(province|district|commune)\s*=\s*(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`Expected level=percent (e.g. district=40) in --targets, got "${part}"`);
    const v = Number(m[2]);
    if (v > 100) throw new Error(`Expected a percentage from 0 to 100 for ${m[1]} in --targets, got ${v}`);
    out[m[1] as Level] = v;
  }
  return out;
}
