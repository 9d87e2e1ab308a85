import type { Lang } from './index.js';

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-US');

/** `1.234,5` in Vietnamese, `1,234.5` in English (at most `digits` decimals). */
export function formatNumber(n: number, lang: Lang, digits = 1): string {
  if (!Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(n);
}

/** A percentage given in points: `12,5%` in Vietnamese, `12.5%` in English. */
export function formatPercent(points: number, lang: Lang, digits = 1): string {
  return `${formatNumber(points, lang, digits)}%`;
}

/** `2022-03-31` (or a full ISO time) → `31/03/2022` in Vietnamese; ISO `2022-03-31` in English. */
export function formatDate(d: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
  if (!m) return d;
  return lang === 'vi' ? `${m[3]}/${m[2]}/${m[1]}` : `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * An ISO instant: in Vietnamese `31/03/2022 14:05`, in Vietnam time (UTC+7, no daylight
 * saving); in English the ISO text unchanged (exact, and what scripts already read).
 * Anything unparsable is returned as it is.
 */
export function formatDateTime(iso: string, lang: Lang): string {
  if (lang === 'en') return iso;
  // A time with no zone (SQLite's `datetime('now')`) is UTC, not the machine's local time.
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso) ? iso.replace(' ', 'T') + 'Z' : iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  return `${formatDate(day, 'vi')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
