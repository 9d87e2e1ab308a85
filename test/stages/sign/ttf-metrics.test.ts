import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { readTrueType } from '../../../src/stages/sign/ttf-metrics.js';

const require = createRequire(import.meta.url);
const tinosFile = readFileSync(require.resolve('@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf'));

// fontkit is the judge: sohoa reads the tables itself only to skip fontkit's start-up cost.
describe('readTrueType: Tinos metrics as fontkit reads them', () => {
  const mine = readTrueType(tinosFile);
  const fk = fontkit.create(tinosFile);

  it('reads the font descriptor numbers', () => {
    expect(mine.unitsPerEm).toBe(fk.unitsPerEm);
    expect(mine.bbox).toEqual({ minX: fk.bbox.minX, minY: fk.bbox.minY, maxX: fk.bbox.maxX, maxY: fk.bbox.maxY });
    expect([mine.ascent, mine.descent, mine.capHeight]).toEqual([fk.ascent, fk.descent, fk.capHeight]);
    expect(mine.postscriptName).toBe(fk.postscriptName);
  });

  it('maps every ASCII and Vietnamese letter to fontkit\'s glyph and advance width', () => {
    const ranges: Array<[number, number]> = [
      [0x20, 0x7e],
      [0xc0, 0x1b0],
      [0x1ea0, 0x1ef9],
    ];
    let checked = 0;
    for (const [a, b] of ranges) {
      for (let cp = a; cp <= b; cp++) {
        const g = fk.glyphForCodePoint(cp);
        expect([cp, mine.glyphId(cp)]).toEqual([cp, g.id]);
        expect([cp, mine.advanceWidth(mine.glyphId(cp))]).toEqual([cp, g.advanceWidth]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(400);
    expect(mine.glyphId(0x4e2d)).toBe(0); // a CJK ideograph Tinos does not have: .notdef
  });
});
