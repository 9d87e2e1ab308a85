import type { Level } from '../config/schema.js';
import { formatDate as formatDateIn, formatNumber, t, type Lang, type MessageKey } from '../i18n/index.js';
import { word, type Said } from '../i18n/said.js';

export type { Lang };

/** A report's warnings in `lang` (the English ones of a report without their catalogue texts). */
export function warningsIn(report: { warnings: string[]; warningsSaid?: Said[] }, lang: Lang): string[] {
  return report.warningsSaid?.length === report.warnings.length ? report.warningsSaid.map((w) => word(w, lang)) : report.warnings;
}

/** The report's labels: texts of the `report.*` keys of the catalogues (src/i18n), by name. */
const FLAT = [
  'title',
  'period',
  'structure',
  'asReceived',
  'all',
  'code',
  'unit',
  'level',
  'received',
  'componentsDigitized',
  'componentsRate',
  'resultsIssued',
  'resultsDigitized',
  'resultsRate',
  'signed',
  'archived',
  'target',
  'gap',
  'met',
  'yes',
  'no',
  'noData',
  'own',
  'area',
  'summary',
  'units',
  'generated',
  'chartNote',
  'warnings',
  'signedRate',
  'archivedRate',
  'total',
  'furthestBelow',
  'trend',
  'periodCol',
  'byMonth',
  'byQuarter',
  'legendComponents',
  'legendResults',
  'legendTarget',
  'vietnamTime',
  'targetOn',
  'rank',
  'page',
] as const;

export type Labels = { readonly [K in (typeof FLAT)[number]]: string } & {
  readonly levels: Record<Level, string>;
  readonly measures: Record<string, string>;
};

/** `dd/mm/yyyy HH:mm` in Vietnam time (UTC+7 all year, no daylight saving). */
export function vietnamTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** `12,5` in Vietnamese, `12.5` in English; a dash for no data. */
export function formatRate(n: number | null, lang: Lang): string {
  return n === null ? '—' : formatNumber(n, lang);
}

/** `2022-03-31` → `31/03/2022` in Vietnamese; other text as it is. */
export function formatDate(d: string, lang: Lang): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? formatDateIn(d, lang) : d;
}

export function labels(lang: Lang): Labels {
  const say = (k: string) => t(`report.${k}` as MessageKey, undefined, lang);
  const flat = Object.fromEntries(FLAT.map((k) => [k, say(k)])) as { [K in (typeof FLAT)[number]]: string };
  const levels = { province: say('levels.province'), district: say('levels.district'), commune: say('levels.commune') };
  const measures = Object.fromEntries(['components', 'results', 'signed', 'archived'].map((m) => [m, say(`measures.${m}`)]));
  return { ...flat, levels, measures };
}
