import type { Stage } from '../domain/document-state.js';
import { UsageError } from '../errors.js';

/** The user-facing step names (`--stages`), the stage each needs before it, and the stage it completes. */
export const STEPS = [
  { name: 'ocr', after: 'ingested', to: 'pdf', pool: 'cpu' },
  { name: 'classify', after: 'pdf', to: 'classified', pool: 'cpu' },
  { name: 'sign', after: 'classified', to: 'signed', pool: 'cpu' },
  { name: 'archive', after: 'signed', to: 'archived', pool: 'io' },
] as const satisfies ReadonlyArray<{ name: string; after: Stage; to: Stage; pool: 'cpu' | 'io' }>;

export type StepName = (typeof STEPS)[number]['name'];
export const STEP_NAMES: StepName[] = STEPS.map((s) => s.name);

/** Which step runs next for a document at `stage` (intermediate stages restart their step). */
export function stepFor(stage: Stage): (typeof STEPS)[number] | undefined {
  if (stage === 'ingested' || stage === 'preprocessed' || stage === 'ocr') return STEPS[0];
  return STEPS.find((s) => s.after === stage);
}

export function parseSteps(spec: string | undefined): StepName[] {
  if (!spec) return [...STEP_NAMES];
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !STEP_NAMES.includes(n as StepName));
  if (bad.length) {
    const params = { allowed: STEP_NAMES.join(','), bad: bad.join(',') };
    throw new UsageError(`Expected --stages from ${params.allowed}, got ${params.bad}`, { key: 'steps.badStages', params });
  }
  return STEP_NAMES.filter((n) => names.includes(n));
}
