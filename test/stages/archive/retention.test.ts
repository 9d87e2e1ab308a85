import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { retentionFor } from '../../../src/stages/archive/retention.js';

const now = new Date('2026-01-01T00:00:00Z');

describe('retention', () => {
  it('is none when nothing is configured', () => {
    expect(retentionFor(undefined, 'decision', now)).toBeUndefined();
    expect(retentionFor({}, 'decision', now)).toBeUndefined();
  });

  it('uses the per-type days, else the default days', () => {
    const cfg = { mode: 'COMPLIANCE' as const, days: 3650, perType: { decision: 36500 } };
    expect(retentionFor(cfg, 'decision', now)).toEqual({ mode: 'COMPLIANCE', retainUntil: new Date('2125-12-08T00:00:00Z') });
    expect(retentionFor(cfg, 'id-card', now)?.retainUntil.toISOString()).toBe('2035-12-30T00:00:00.000Z');
  });

  it('refuses half-set retention instead of dropping it', () => {
    expect(() => retentionFor({ days: 10 }, 'x', now)).toThrow(ConfigError);
    expect(() => retentionFor({ mode: 'GOVERNANCE' }, 'x', now)).toThrow(ConfigError);
    expect(() => retentionFor({ mode: 'GOVERNANCE', perType: { decision: 5 } }, 'other', now)).toThrow(/retention days for document type other/);
  });
});
