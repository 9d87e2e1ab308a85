/**
 * Text normalisation for matching OCR output: fold Vietnamese diacritics (including đ → d),
 * case and whitespace. OCR drops, swaps and stacks diacritics, so everything the classifier
 * compares goes through `foldText` first.
 */

const COMBINING = /[\u0300-\u036f]/g;
const SPECIAL: Record<string, string> = { đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', ƀ: 'b', ı: 'i' };

const folds = new Map<string, string>();

/** Folds one character to at most one lowercase character (so indices are preserved). */
function foldChar(ch: string): string {
  let f = folds.get(ch);
  if (f === undefined) {
    const base = SPECIAL[ch] ?? ch.normalize('NFD').replace(COMBINING, '');
    f = (base[0] ?? ch).toLowerCase();
    // Text is mostly a few hundred distinct characters; the cap keeps odd input from growing it.
    if (folds.size < 4096) folds.set(ch, f);
  }
  return f;
}

/**
 * Folds diacritics and case, character by character on the NFC string: `foldAligned(s)[i]`
 * is the fold of `nfc(s)[i]`, so a regex match on the folded text gives offsets into the
 * original. Stray combining marks left by OCR become nothing-like spaces (kept for length).
 */
export function foldAligned(text: string): { original: string; folded: string } {
  const original = text.normalize('NFC');
  let folded = '';
  for (const ch of original) {
    // Surrogate pairs: keep the length aligned with the UTF-16 original.
    const code = ch.charCodeAt(0);
    const f = code >= 0x300 && code <= 0x36f ? ' ' : code < 0x80 ? ch.toLowerCase() : foldChar(ch);
    folded += ch.length === 2 ? f + ' ' : f;
  }
  return { original, folded };
}

/** Folds diacritics and case and collapses whitespace: "Quyết  ĐỊNH" → "quyet dinh". */
export function foldText(text: string): string {
  // Stacked or stray combining marks (an OCR habit) are dropped, not turned into spaces.
  return foldAligned(text.normalize('NFC').replace(COMBINING, '')).folded.replace(/\s+/g, ' ').trim();
}

/** Folded text reduced to letters and digits only: survives words broken or glued by OCR. */
export function compact(folded: string): string {
  return folded.replace(/[^a-z0-9]/g, '');
}

/** Folded words (letters and digits). */
export function tokens(folded: string): string[] {
  return folded.split(/[^a-z0-9]+/).filter(Boolean);
}

/** True when the line is set in capitals: most of its letters are upper case. */
export function isUpperLine(line: string): boolean {
  let upper = 0;
  let lower = 0;
  for (const ch of line) {
    if (ch.toLowerCase() === ch.toUpperCase()) continue;
    if (ch === ch.toUpperCase()) upper += 1;
    else lower += 1;
  }
  return upper >= 4 && upper >= 3 * lower;
}
