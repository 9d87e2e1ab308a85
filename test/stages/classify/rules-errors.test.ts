import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { t } from '../../../src/i18n/index.js';
import { compileRules, rulesFileSchema } from '../../../src/stages/classify/rules.js';

describe('a bad regex in a rules file', () => {
  it('is a ConfigError whose catalogue key says it in both languages, the English message unchanged', () => {
    const file = rulesFileSchema.parse({ version: 1, types: [{ id: 'to-trinh', patterns: [{ regex: 'so (\\d+' }] }] });
    let caught: unknown;
    try {
      compileRules([file]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const err = caught as ConfigError;
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/^Bad regex for type to-trinh: /);
    expect(err.key).toBe('classify.badRegex');
    expect(t(err.key!, err.params, 'vi')).toMatch(/^Biểu thức chính quy không hợp lệ ở loại to-trinh: /);
    expect(t(err.key!, err.params, 'en')).toBe(err.message);
  });
});
