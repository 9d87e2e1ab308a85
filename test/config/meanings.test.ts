import { describe, expect, it } from 'vitest';
import { describeConfig } from '../../src/config/load.js';
import { configMeaning } from '../../src/config/meanings.js';
import { OCR_REVIEW_BELOW_DEFAULT } from '../../src/config/schema.js';
import { en } from '../../src/i18n/en.js';
import { vi } from '../../src/i18n/vi.js';

/** `sohoa config keys` prints each key's meaning from the catalogues; the schema's .describe() is the English source. */
describe('config key meanings', () => {
  const keys = describeConfig();
  const catalogued = (cat: Record<string, string>) => Object.keys(cat).filter((k) => k.startsWith('configKey.'));

  it('has a meaning in both languages for every key `config keys` lists, and none for a key it does not', () => {
    expect(keys.length).toBeGreaterThan(60);
    const wanted = keys.map((k) => `configKey.${k.key}`).sort();
    for (const [lang, cat] of [['en', en], ['vi', vi]] as const) {
      expect(wanted.filter((k) => !(k in cat)), `config keys without a ${lang} meaning`).toEqual([]);
      expect(catalogued(cat).filter((k) => !wanted.includes(k)).sort(), `stale ${lang} meanings`).toEqual([]);
    }
  });

  it('says in English exactly what the schema describes, defaults filled in', () => {
    const differ = keys.filter((k) => configMeaning(k.key, 'en') !== k.description).map((k) => k.key);
    expect(differ).toEqual([]);
    expect(configMeaning('ocr.reviewBelow', 'en')).toContain(`(default ${OCR_REVIEW_BELOW_DEFAULT})`);
  });

  it('says it in Vietnamese, with the same measured default', () => {
    expect(configMeaning('workspace', 'vi')).toBe('Thư mục chứa danh mục và các tệp làm việc');
    expect(configMeaning('ocr.reviewBelow', 'vi')).toContain(`(mặc định ${OCR_REVIEW_BELOW_DEFAULT})`);
    expect(configMeaning('ocr.reviewBelow', 'vi')).not.toContain('{default}');
    expect(configMeaning('no.such.key', 'vi')).toBeUndefined();
  });
});
