import { describe, expect, it } from 'vitest';
import { CATALOGUES, LANGS, formatDate, formatDateTime, formatNumber, formatPercent, langFromArgv, t } from '../../src/i18n/index.js';
import { en } from '../../src/i18n/en.js';
import { vi } from '../../src/i18n/vi.js';
import { labels } from '../../src/report/labels.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** The type system makes vi satisfy en's keys; this checks the same at run time, and both ways. */
describe('message catalogues', () => {
  it('have the same keys in every language', () => {
    const keys = Object.keys(en).sort();
    for (const lang of LANGS) {
      const have = Object.keys(CATALOGUES[lang]).sort();
      expect(have.filter((k) => !keys.includes(k)), `keys in ${lang} but not in en`).toEqual([]);
      expect(keys.filter((k) => !have.includes(k)), `keys missing in ${lang}`).toEqual([]);
    }
    expect(keys.length).toBeGreaterThan(50);
  });

  it('have the same {placeholders} for every key, and no empty text', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(vi[key]), key).toEqual(placeholders(en[key]));
      expect(vi[key].trim().length, key).toBeGreaterThan(0);
    }
  });

  it('say Vietnamese texts in Vietnamese (not a copied English text)', () => {
    // Texts that are only placeholders and symbols may be equal; a sentence may not.
    const same = (Object.keys(en) as Array<keyof typeof en>).filter((k) => /[a-z]{4,}\s+[a-z]{3,}/i.test(en[k].replace(/\{\w+\}/g, '')) && vi[k] === en[k]);
    expect(same).toEqual([]);
  });

  it('give the report every label it names (report.* keys)', () => {
    for (const lang of LANGS) {
      const L = labels(lang);
      const texts = Object.values(L).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)));
      expect(texts.filter((x) => x.startsWith('report.')), lang).toEqual([]);
      expect(L.levels.commune).toBe(lang === 'vi' ? 'Cấp xã' : 'Commune level');
    }
  });

  it('fills placeholders and leaves unknown ones for the caller', () => {
    expect(t('summary.title', { id: 7 }, 'en')).toBe('Run 7 summary');
    expect(t('summary.title', { id: 7 }, 'vi')).toBe('Tóm tắt lần chạy 7');
    expect(t('progress.bar', undefined, 'en')).toContain('{eta_formatted}');
  });

  it('finds the language in argv, then SOHOA_LANG, then defaults to Vietnamese', () => {
    expect(langFromArgv(['node', 'sohoa', 'status'], {})).toBe('vi');
    expect(langFromArgv(['node', 'sohoa', 'status'], { SOHOA_LANG: 'en' })).toBe('en');
    expect(langFromArgv(['node', 'sohoa', '--lang', 'vi', 'status'], { SOHOA_LANG: 'en' })).toBe('vi');
    expect(langFromArgv(['node', 'sohoa', 'status', '--lang=en'], {})).toBe('en');
    expect(langFromArgv(['node', 'sohoa', '--lang', 'en', 'status', '--lang', 'vi'], {})).toBe('vi');
    expect(langFromArgv(['node', 'sohoa', '--', '--lang', 'en'], {})).toBe('vi');
  });
});

describe('numbers and dates follow the language', () => {
  it('writes 12,5% and 1.234 in Vietnamese, 12.5% and 1,234 in English', () => {
    expect(formatPercent(12.5, 'vi')).toBe('12,5%');
    expect(formatPercent(12.5, 'en')).toBe('12.5%');
    expect(formatNumber(1234, 'vi')).toBe('1.234');
    expect(formatNumber(1234, 'en')).toBe('1,234');
    expect(formatNumber(Number.NaN, 'vi')).toBe('—');
  });

  it('writes dd/mm/yyyy (Vietnam time) in Vietnamese and ISO dates in English', () => {
    expect(formatDate('2022-03-31', 'vi')).toBe('31/03/2022');
    expect(formatDate('2022-03-31', 'en')).toBe('2022-03-31');
    // 20:30 UTC is 03:30 the next day in Vietnam (UTC+7).
    expect(formatDateTime('2022-03-31T20:30:00Z', 'vi')).toBe('01/04/2022 03:30');
    expect(formatDateTime('2022-03-31T20:30:00Z', 'en')).toBe('2022-03-31T20:30:00Z');
    expect(formatDateTime('2022-03-31 20:30:00', 'vi')).toBe('01/04/2022 03:30'); // SQLite's UTC without a zone
    expect(formatDateTime('not a date', 'vi')).toBe('not a date');
  });
});
