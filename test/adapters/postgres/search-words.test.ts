import { describe, expect, it } from 'vitest';
import { matchQuery, rankQuery, wordVectors } from '../../../src/adapters/postgres/search-words.js';
import { parseQuery } from '../../../src/domain/search-text.js';

describe('PostgreSQL search word lists', () => {
  it('lists each word as written and folded, with its positions, and the tags apart from words', () => {
    const v = wordVectors('Hồ sơ: HỒ-SƠ đất D-5', ['u383432']);
    expect(v.exact).toBe(`'hồ':1,3 'sơ':2,4 'đất':5 'd':6 '5':7 '#u383432'`);
    expect(v.folded).toBe(`'ho':1,3 'so':2,4 'dat':5 'd':6 '5':7 '#u383432'`);
  });

  it('stays inside tsvector limits: 256 positions a word, positions up to 16383, no giant words', () => {
    const v = wordVectors(['x'.repeat(300), ...Array(20000).fill('a'), 'b'].join(' '), []);
    const [a, b] = v.exact.split(' ');
    expect(a!.split(',')).toHaveLength(256);
    expect(b).toBe(`'b':16383`);
    expect(v.exact).not.toContain('xxx');
  });

  it('asks for every word and tag, and ranks on any word', () => {
    const q = parseQuery('Hồ sơ hồ');
    expect(matchQuery(q, 'folded', ['t71'])).toBe(`'ho' & 'so' & '#t71'`);
    expect(matchQuery(q, 'exact', [])).toBe(`'hồ' & 'sơ'`);
    expect(rankQuery(q, 'folded')).toBe(`'ho' | 'so'`);
  });
});
