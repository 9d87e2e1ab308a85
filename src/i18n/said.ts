import { formatDateTime } from './format.js';
import { getLang, t, type Lang, type MessageKey, type Params } from './index.js';

/**
 * A catalogue text not yet worded: its key and params. Reports keep it beside their English
 * string (`problems` / `problemsSaid`, `detail` / `detailSaid`, …) so that people read it in the
 * run language and programs get both. A param may itself be a Said (a frame around a nested
 * text) or a list of them (joined with "; "); a param named `at` or ending in `At` is an ISO
 * time, shown per language (src/i18n/format.ts). Any other string param is foreign detail
 * (a parser's message, a certificate name) and is shown as it is.
 */
export interface Said {
  key: MessageKey;
  params?: SaidParams;
}
export type SaidParam = string | number | undefined | Said | Said[];
export type SaidParams = { [name: string]: SaidParam };

export function said(key: MessageKey, params?: SaidParams): Said {
  return params ? { key, params } : { key };
}

const isTime = (name: string) => name === 'at' || name.endsWith('At');

function wordParam(name: string, v: SaidParam, lang: Lang): string | number | undefined {
  if (Array.isArray(v)) return v.map((x) => word(x, lang)).join('; ');
  if (typeof v === 'object') return word(v, lang);
  return typeof v === 'string' && isTime(name) ? formatDateTime(v, lang) : v;
}

/** The text in `lang` (the run language by default), nested texts and times included. */
export function word(s: Said, lang: Lang = getLang()): string {
  return t(s.key, s.params ? wordParams(s.params, lang) : undefined, lang);
}

export function wordParams(params: SaidParams, lang: Lang = getLang()): Params {
  const p: Params = {};
  for (const [k, v] of Object.entries(params)) p[k] = wordParam(k, v, lang);
  return p;
}

/** The English text, the one JSON and logs carry: always worded from the English catalogue. */
export function english(s: Said): string {
  return word(s, 'en');
}

/** An Error whose message is a catalogue text: the English message, and `said` to word it again. */
export class SaidError extends Error {
  constructor(readonly said: Said) {
    super(english(said));
  }
}

/** What a thrown value says: its Said when it has one, else its own (foreign) message. */
export function saidOrMessage(e: unknown): Said | string {
  if (e instanceof SaidError) return e.said;
  return e instanceof Error ? e.message : String(e);
}

/** The params with `f` applied to every string in them, nested texts included (masking personal data). */
export function mapSaidStrings(params: SaidParams, f: (s: string) => string): SaidParams {
  const one = (v: SaidParam): SaidParam =>
    typeof v === 'string' ? f(v) : Array.isArray(v) ? v.map(inner) : typeof v === 'object' ? inner(v) : v;
  const inner = (s: Said): Said => (s.params ? { key: s.key, params: mapSaidStrings(s.params, f) } : s);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, one(v)]));
}
