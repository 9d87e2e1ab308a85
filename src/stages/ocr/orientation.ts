import { promises as fsp } from 'node:fs';
import sharp from 'sharp';
import type { OcrEngine, PageOcr } from '../../ports/ocr-engine.js';
import { tempNameFor } from '../../util/fs.js';
import type { PreparedPage } from '../preprocess/types.js';

/**
 * OSD costs about half an OCR pass, so it runs only when OCR looks wrong: an upright page of
 * text reads at 80–96% confidence; upside down it read 64% on our fixtures.
 */
export const OSD_BELOW_CONFIDENCE = 75;
/** OSD's own confidence needed before we turn a page. */
const MIN_OSD_CONFIDENCE = 1.5;

export function needsOrientationCheck(ocr: PageOcr): boolean {
  return ocr.source === 'ocr' && ocr.confidence < OSD_BELOW_CONFIDENCE;
}

/**
 * Asks OSD whether the page is turned; if so, turns its files (page image and OCR copy) and
 * OCRs again, keeping whichever reading is more confident. Returns the page and OCR to use.
 */
export async function fixOrientation(engine: OcrEngine, page: PreparedPage, first: PageOcr): Promise<{ page: PreparedPage; ocr: PageOcr }> {
  const osd = await engine.detectOrientation(page.ocrImagePath);
  if (!osd || osd.rotate === 0 || osd.confidence < MIN_OSD_CONFIDENCE) return { page, ocr: first };
  const turned = await rotateFiles(page, osd.rotate);
  const second = await engine.recognize(turned.ocrImagePath, page.pageNo);
  if (second.confidence <= first.confidence) {
    await rotateFiles(turned, ((360 - osd.rotate) % 360) as 90 | 180 | 270);
    return { page, ocr: first };
  }
  return { page: turned, ocr: second };
}

async function rotateFiles(page: PreparedPage, degrees: 90 | 180 | 270): Promise<PreparedPage> {
  const files = page.ocrImagePath === page.imagePath ? [page.imagePath] : [page.imagePath, page.ocrImagePath];
  for (const file of files) {
    const tmp = tempNameFor(file);
    // Quarter turns of the pixels; JPEG pages are re-encoded once at the same quality.
    await sharp(file).rotate(degrees).withDensity(page.dpi).toFormat(file.endsWith('.png') ? 'png' : 'jpeg', { quality: 88 }).toFile(tmp);
    await fsp.rename(tmp, file);
  }
  const swap = degrees !== 180;
  return {
    ...page,
    width: swap ? page.height : page.width,
    height: swap ? page.width : page.height,
    rotation: (page.rotation + degrees) % 360,
  };
}
