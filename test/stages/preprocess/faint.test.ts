import path from 'node:path';
import sharp from 'sharp';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { preprocessDocument } from '../../../src/stages/preprocess/index.js';
import { degradationCorpus } from '../../fixtures-gen/corpus.js';
import { tempDir } from '../../helpers/cli.js';

describe('blank-page detection on faint paper', () => {
  it('does not flag a faint photocopy (print never darker than grey ~180) as blank', async () => {
    const pages = await degradationCorpus('tune', { classes: ['photocopy'] });
    const prepared = await preprocessDocument(
      pages.map((p) => p.file),
      path.join(tempDir(), 'w'),
    );
    expect(prepared.map((p) => p.blank)).toEqual([false, false, false]);
  });

  it('still flags an evenly grey sheet with a few specks of dust as blank', async () => {
    const dir = tempDir();
    const w = 1240;
    const h = 1754;
    const px = Buffer.alloc(w * h, 232);
    for (let i = 0; i < 40; i++) px.fill(90, (200 + i * 30) * w + 300, (200 + i * 30) * w + 302); // dust
    const file = path.join(dir, 'blank.png');
    writeFileSync(file, await sharp(px, { raw: { width: w, height: h, channels: 1 } }).withMetadata({ density: 150 }).png().toBuffer());
    const [page] = await preprocessDocument([file], path.join(dir, 'w'), { minDpi: 100 });
    expect(page!.blank).toBe(true);
  });
});
