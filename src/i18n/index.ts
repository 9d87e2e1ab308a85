import { en, type Catalogue, type MessageKey } from './en.js';
import { vi } from './vi.js';

export type { Catalogue, MessageKey };
export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type Params = Record<string, string | number | undefined>;

export const CATALOGUES: Record<Lang, Catalogue> = { vi, en };

/**
 * The language of this run's human output. One process runs one command, so the CLI sets it
 * once (main.ts: --lang, SOHOA_LANG, then config) and every renderer reads it. Default Vietnamese.
 */
let current: Lang = 'vi';

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

export function isLang(v: unknown): v is Lang {
  return v === 'vi' || v === 'en';
}

/** `t('error.label')`, `t('run.summaryTitle', { id: 3 })`: `{name}` is replaced by params.name. */
export function t(key: MessageKey, params?: Params, lang: Lang = current): string {
  const text = CATALOGUES[lang][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k])));
}

/** A record's message in the run language when it carries a catalogue key; else its English message. */
export function say(r: { key?: MessageKey; params?: Params; message: string }, lang: Lang = current): string {
  return r.key && r.key in en ? t(r.key, r.params, lang) : r.message;
}

/**
 * The run language before the config is read (so a bad config file still gets its error in
 * the right language): the last `--lang X` / `--lang=X` in argv, then SOHOA_LANG, then Vietnamese.
 */
export function langFromArgv(argv: string[], env: NodeJS.ProcessEnv = process.env): Lang {
  let found: Lang | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const v = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (isLang(v)) found = v; // the last one wins, as in commander
  }
  return found ?? (isLang(env.SOHOA_LANG) ? env.SOHOA_LANG : 'vi');
}

export { formatNumber, formatPercent, formatDate, formatDateTime } from './format.js';
