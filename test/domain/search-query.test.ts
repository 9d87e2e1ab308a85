import { describe, expect, it } from 'vitest';
import { ftsQuery, parseQuery, tagTokens } from '../../src/domain/search-text.js';

describe('search query for FTS5', () => {
  it('names each word once, in one column, with the filter tags ANDed', () => {
    const q = parseQuery('Hồ sơ hồ SƠ');
    expect(ftsQuery(q)).toBe('{folded} : ("ho" AND "so")');
    expect(ftsQuery(q, 'exact', tagTokens({ unit: '842' }))).toBe('{exact} : ("hồ" AND "sơ") AND {tags} : ("u383432")');
  });

  it('makes one letters-and-digits token per filter, exact whatever the punctuation', () => {
    const tags = tagTokens({ unit: '84', dossier: '000.00.12.H59-220301-0001', type: 'quyet-dinh' });
    expect(tags).toHaveLength(3);
    expect(tags.every((t) => /^[udt][0-9a-f]+$/.test(t))).toBe(true);
    expect(tagTokens({ unit: '842' })[0]).not.toBe(tags[0]);
    expect(tagTokens({ type: 'quyet-dinh' })[0]).not.toBe(tagTokens({ type: 'quyet-dinh-2' })[0]);
    expect(tagTokens({ unit: null, dossier: '', type: undefined })).toEqual([]);
  });
});
