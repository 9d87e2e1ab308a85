import { t, type MessageKey, type Params } from '../i18n/index.js';

/** Why one row of an import cannot be used: the English `reason` (JSON, logs) and its catalogue key. */
export interface RowRefusal {
  reason: string;
  key?: MessageKey;
  params?: Params;
}

export interface LineProblem extends RowRefusal {
  line: number;
}

/** The English reason comes from the catalogue too, so the two languages cannot drift apart. */
export function refusal(key: MessageKey, params: Params = {}): RowRefusal {
  return { reason: t(key, params, 'en'), key, params };
}

export function problemAt(line: number, key: MessageKey, params: Params = {}): LineProblem {
  return { line, ...refusal(key, params) };
}

/** The problem's reason in the run's language (the stored English one when it has no key). */
export function reasonOf(p: RowRefusal): string {
  return p.key ? t(p.key, p.params) : p.reason;
}

/** The first 20 problems, one `  line N: reason` a line: in English, and in the run's language. */
export function shownProblems(problems: readonly LineProblem[]): { en: string; said: string } {
  const first = problems.slice(0, 20);
  return {
    en: first.map((p) => `  line ${p.line}: ${p.reason}`).join('\n'),
    said: first.map((p) => t('register.line', { line: p.line, reason: reasonOf(p) })).join('\n'),
  };
}
