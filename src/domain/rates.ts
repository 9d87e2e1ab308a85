import type { Level, Targets } from '../config/schema.js';

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

export interface Evaluation {
  componentsRate: number | null;
  resultsRate: number | null;
  target: number;
  /** Percentage points still missing (0 when met); null when there is no data. */
  componentsGap: number | null;
  resultsGap: number | null;
  /** Met when both the dossier rate and the result rate reach the target. */
  met: boolean | null;
}

function gap(r: number | null, target: number): number | null {
  if (r === null) return null;
  return Math.max(0, Math.round((target - r) * 10) / 10);
}

export function evaluate(f: Figures, target: number): Evaluation {
  const componentsRate = rate(f.componentsDigitized, f.received);
  const resultsRate = rate(f.resultsDigitized, f.resultsIssued);
  const componentsGap = gap(componentsRate, target);
  const resultsGap = gap(resultsRate, target);
  let met: boolean | null = null;
  if (componentsRate !== null) {
    met = componentsRate >= target && (resultsRate === null || resultsRate >= target);
  }
  return { componentsRate, resultsRate, target, componentsGap, resultsGap, met };
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
