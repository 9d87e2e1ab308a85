import { promises as fsp } from 'node:fs';
import sharp from 'sharp';
import type { OcrEngine, PageOcr } from '../../ports/ocr-engine.js';
import { tempNameFor } from '../../util/fs.js';
import type { PreparedPage } from '../preprocess/types.js';

/**
 * OSD costs about half an OCR pass, so it runs only when OCR looks wrong. Upright pages of our
 * degradation corpus read at 80–96% confidence; pages turned 90°/180°/270° read far lower.
 */
export const OSD_BELOW_CONFIDENCE = 75;
/** OSD's own confidence needed before a turn is even tried (sparse pages give OSD little to go on). */
const MIN_OSD_CONFIDENCE = 2;
/**
 * A turned reading replaces the first only when it is itself a good reading (at least this
 * confident) and clearly better than the first: a page is never rotated on a low-confidence guess.
 */
export const MIN_TURNED_CONFIDENCE = 70;
const MIN_TURN_GAIN = 10;

/**
 * Tesseract reads a page turned by 90° well (its layout analysis finds vertical lines), so the
 * confidence stays high, but the page image would be archived sideways. Its word boxes give it
 * away: words of four or more letters are taller than wide.
 */
export function readsSideways(ocr: PageOcr): boolean {
  const long = ocr.words.filter((w) => [...w.text].length >= 4);
  if (long.length < 5) return false;
  const tall = long.filter((w) => w.bbox.y1 - w.bbox.y0 > w.bbox.x1 - w.bbox.x0).length;
  return tall > long.length / 2;
}

export function needsOrientationCheck(ocr: PageOcr): boolean {
  return ocr.source === 'ocr' && (ocr.confidence < OSD_BELOW_CONFIDENCE || readsSideways(ocr));
}

/** Whether a reading of the turned page should replace the upright one. */
export function acceptTurn(first: PageOcr, turned: PageOcr): boolean {
  if (turned.confidence < MIN_TURNED_CONFIDENCE || readsSideways(turned)) return false;
  // A sideways page read well: keep the turn if the turned reading is about as good.
  if (readsSideways(first)) return turned.confidence >= first.confidence - MIN_TURN_GAIN / 2;
  return turned.confidence >= first.confidence + MIN_TURN_GAIN;
}

/**
 * Asks OSD whether the page is turned; if so, reads a turned copy, and keeps the turn only
 * when `acceptTurn` says so. Otherwise the page stays as scanned, with its (low) confidence,
 * for the review gate to catch. Returns the page and OCR to use.
 */
export async function fixOrientation(engine: OcrEngine, page: PreparedPage, first: PageOcr): Promise<{ page: PreparedPage; ocr: PageOcr }> {
  const osd = await engine.detectOrientation(page.ocrImagePath);
  if (!osd || osd.rotate === 0 || osd.confidence < MIN_OSD_CONFIDENCE) return { page, ocr: first };
  // Read a turned copy of the OCR image first: the page files are only turned if the turn is kept.
  const probe = `${page.ocrImagePath}.turned.png`;
  await sharp(page.ocrImagePath).rotate(osd.rotate).withDensity(page.dpi).png({ compressionLevel: 1 }).toFile(probe);
  let second: PageOcr;
  try {
    second = await engine.recognize(probe, page.pageNo);
  } finally {
    await fsp.rm(probe, { force: true });
  }
  if (!acceptTurn(first, second)) return { page, ocr: first };
  return { page: await rotateFiles(page, osd.rotate), ocr: second };
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
