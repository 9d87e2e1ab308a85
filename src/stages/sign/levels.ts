import { SigningError } from '../../errors.js';

/** PAdES baseline levels (ETSI EN 319 142-1). Kept apart from the signing stack so the CLI can check flags cheaply. */
export const LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
export type SignatureLevel = (typeof LEVELS)[number];
export type ExtendLevel = 'B-LT' | 'B-LTA';

export function isLevel(s: string): s is SignatureLevel {
  return (LEVELS as readonly string[]).includes(s);
}

/** B-T and above rest on a signature timestamp, so they need a TSA. */
export function checkLevel(level: SignatureLevel, hasTsa: boolean): void {
  if (!isLevel(level)) throw new SigningError(`Expected a signature level B-B, B-T, B-LT or B-LTA, got "${level}"`, { key: 'sign.badLevel', params: { level } });
  if (level !== 'B-B' && !hasTsa) throw new SigningError(`PAdES ${level} needs a time-stamp authority`, {
      hint: 'Pass --tsa URL (or sign.tsa in the config), or sign at --level B-B.',
      key: 'sign.err.needsTsa',
      params: { level },
      hintKey: 'sign.err.needsTsaHint',
    });
}

/** The level a signature made with these options has. */
export function effectiveLevel(level: SignatureLevel | undefined, hasTsa: boolean): SignatureLevel {
  return level ?? (hasTsa ? 'B-T' : 'B-B');
}
