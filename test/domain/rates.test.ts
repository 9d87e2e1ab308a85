import { describe, expect, it } from 'vitest';
import { addFigures, emptyFigures, evaluate, parseTargets, rate } from '../../src/domain/rates.js';
import { componentsCount, resultCounts, resultIssued } from '../../src/domain/digitized.js';

const DEFAULT = { province: 50, district: 40, commune: 35 };

describe('rates', () => {
  it('rounds to one decimal and is null without a denominator', () => {
    expect(rate(1, 3)).toBe(33.3);
    expect(rate(2, 3)).toBe(66.7);
    expect(rate(0, 0)).toBeNull();
  });

  it('evaluates against a target: gap in points, met only when both rates reach it', () => {
    const f = { ...emptyFigures(), received: 20, componentsDigitized: 7, resultsIssued: 10, resultsDigitized: 5 };
    // 7/20 = 35%, 5/10 = 50%; against 40: dossier gap 5 points, result gap 0
    const e = evaluate(f, 40, ['components', 'results']);
    expect(e.componentsRate).toBe(35);
    expect(e.resultsRate).toBe(50);
    expect(e.componentsGap).toBe(5);
    expect(e.resultsGap).toBe(0);
    expect(e.met).toBe(false);
    expect(e.gap).toBe(5);
    expect(evaluate(f, 35, ['components', 'results']).met).toBe(true);
  });

  it('by default applies the target to the seed\'s four rates: digitized (dossiers, results), signed and archived', () => {
    const f = { ...emptyFigures(), received: 20, componentsDigitized: 8, resultsIssued: 10, resultsDigitized: 5, signed: 6, archived: 4 };
    const e = evaluate(f, 35);
    expect(e).toMatchObject({ componentsRate: 40, resultsRate: 50, signedRate: 30, archivedRate: 20, met: false });
    expect(e.gap).toBe(15); // the archived rate is furthest below: 35 − 20
    expect(evaluate({ ...f, signed: 8, archived: 7 }, 35)).toMatchObject({ met: true, gap: 0 });
    expect(evaluate(f, 35, ['signed'])).toMatchObject({ met: false, gap: 5 });
  });

  it('has no verdict for a unit with no dossiers', () => {
    const e = evaluate(emptyFigures(), 35);
    expect(e.met).toBeNull();
    expect(e.componentsGap).toBeNull();
  });

  it('adds figures field by field', () => {
    const a = { received: 1, componentsDigitized: 2, resultsIssued: 3, resultsDigitized: 4, signed: 5, archived: 6 };
    expect(addFigures(a, a)).toEqual({ received: 2, componentsDigitized: 4, resultsIssued: 6, resultsDigitized: 8, signed: 10, archived: 12 });
  });

  it('parses --targets, keeping defaults for levels not named', () => {
    expect(parseTargets('district=45', DEFAULT)).toEqual({ province: 50, district: 45, commune: 35 });
    expect(parseTargets('province=60, commune=30.5', DEFAULT)).toEqual({ province: 60, district: 40, commune: 30.5 });
    expect(() => parseTargets('ward=3', DEFAULT)).toThrow(/level=percent/);
    expect(() => parseTargets('commune=130', DEFAULT)).toThrow(/0 to 100/);
  });
});

describe('digitized', () => {
  const base = { componentsDigitized: false, resultDigitized: false, resolvedDate: null, sohoaComponents: false, sohoaResult: false };
  it('counts the export flag or sohoa’s own archiving', () => {
    expect(componentsCount(base)).toBe(false);
    expect(componentsCount({ ...base, componentsDigitized: true })).toBe(true);
    expect(componentsCount({ ...base, sohoaComponents: true })).toBe(true);
  });
  it('counts a result only once one is issued', () => {
    expect(resultCounts({ ...base, resultDigitized: true })).toBe(false);
    expect(resultCounts({ ...base, resultDigitized: true, resolvedDate: '2022-01-02' })).toBe(true);
    expect(resultIssued({ ...base, sohoaResult: true })).toBe(true);
    expect(resultCounts({ ...base, sohoaResult: true })).toBe(true);
  });
});
