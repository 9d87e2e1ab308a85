import { ConfigError } from '../errors.js';

/** `6h`, `90m`, `1h30m`, `45s` → milliseconds. */
export function parseDuration(spec: string): number {
  const re = /(\d+(?:\.\d+)?)\s*(h|m|s)/g;
  let ms = 0;
  let consumed = '';
  for (const m of spec.matchAll(re)) {
    ms += Number(m[1]) * (m[2] === 'h' ? 3_600_000 : m[2] === 'm' ? 60_000 : 1000);
    consumed += m[0];
  }
  if (!ms || consumed.replace(/\s/g, '') !== spec.replace(/\s/g, '')) {
    throw new ConfigError(`Expected a duration like 6h, 90m or 1h30m, got "${spec}"`, { key: 'schedule.badDuration', params: { value: spec } });
  }
  return ms;
}
