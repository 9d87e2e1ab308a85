import { en, type MessageKey } from './en.js';
import { getLang, t, type Lang } from './index.js';

type Params = Record<string, string>;
type Part = { text: string } | { name: string };

/**
 * The texts a rejection stored in the catalog may be: what ingest, preprocessing, OCR and the
 * originals store reject a file with. The catalog keeps only the English message of a
 * rejection (inputs.message, documents.message), so this is how a later run says it again.
 */
const REJECTION_KEYS: readonly MessageKey[] = (Object.keys(en) as MessageKey[]).filter(
  (k) => (k.startsWith('reject.') && !k.endsWith('Hint')) || k === 'ocr.failedPage' || k === 'ocr.badPdf' || k === 'ocr.pdfImageTooLarge' || k === 'ocr.pdfPageTooLarge',
);

/** Longer texts are not worth the search: a stored message is a sentence or two. */
const MAX_LENGTH = 4000;

const compiled = new Map<MessageKey, Part[]>();

function partsOf(key: MessageKey): Part[] {
  let parts = compiled.get(key);
  if (!parts) {
    parts = en[key].split(/(\{\w+\})/).filter(Boolean).map((s) => (/^\{\w+\}$/.test(s) ? { name: s.slice(1, -1) } : { text: s }));
    compiled.set(key, parts);
  }
  return parts;
}

/** More readings than this and a text is not worth saying again: it stays as stored. */
const MAX_READINGS = 16;

/**
 * Every way `text` reads as the template (up to MAX_READINGS + 1): each placeholder takes a
 * non-empty piece, and a placeholder used twice takes the same piece both times.
 */
function readings(text: string, parts: Part[], i: number, pos: number, got: Params, out: Params[]): void {
  if (out.length > MAX_READINGS) return;
  if (i === parts.length) {
    if (pos === text.length) out.push({ ...got });
    return;
  }
  const part = parts[i]!;
  if ('text' in part) {
    if (text.startsWith(part.text, pos)) readings(text, parts, i + 1, pos + part.text.length, got, out);
    return;
  }
  const seen = got[part.name];
  if (seen !== undefined) {
    if (text.startsWith(seen, pos)) readings(text, parts, i + 1, pos + seen.length, got, out);
    return;
  }
  const next = parts[i + 1];
  // The last placeholder takes the rest; any other leaves at least a character for what follows.
  const first = next === undefined ? Math.max(text.length, pos + 1) : pos + 1;
  const last = next === undefined ? text.length : text.length - 1;
  for (let end = first; end <= last && out.length <= MAX_READINGS; end++) {
    if (next && 'text' in next && !text.startsWith(next.text, end)) continue;
    got[part.name] = text.slice(pos, end);
    readings(text, parts, i + 1, end, got, out);
    delete got[part.name];
  }
}

/** How much of a text a template says in its own words (not through placeholders). */
const ownWords = (parts: Part[]) => parts.reduce((n, p) => n + ('text' in p ? p.text.length : 0), 0);

/**
 * The rejection text a stored message was made from, and the ways it reads. When two texts
 * fit, the one that says more of the message in its own words wins: "Expected a readable
 * image in {file}, page {page}: {detail}" over "Expected a readable {kind} in {file}: {detail}",
 * which fits only by taking ", page 3" into the file name. A tie, or no fit: undefined.
 */
function bestFit(message: string, keys: readonly MessageKey[]): { key: MessageKey; readings: Params[] } | undefined {
  if (!message || message.length > MAX_LENGTH) return undefined;
  const fits: Array<{ key: MessageKey; readings: Params[]; own: number }> = [];
  for (const key of keys) {
    const parts = partsOf(key);
    const first = parts[0];
    if (first && 'text' in first && !message.startsWith(first.text)) continue;
    const out: Params[] = [];
    readings(message, parts, 0, 0, {}, out);
    if (out.length) fits.push({ key, readings: out, own: ownWords(parts) });
  }
  fits.sort((a, b) => b.own - a.own);
  const [best, next] = fits;
  if (!best || (next && next.own === best.own) || best.readings.length > MAX_READINGS) return undefined;
  return best;
}

/**
 * The catalogue key and params of a stored English rejection message, found by reading it
 * against the English texts of the rejection keys (placeholders become the pieces they stand
 * for). Only an exact, unambiguous reading counts: a text that reads two ways (a detail with
 * ": " in it: which colon ends the page number?) gives undefined, as does no fit.
 */
export function saidOfStored(message: string, keys: readonly MessageKey[] = REJECTION_KEYS): { key: MessageKey; params: Params } | undefined {
  const fit = bestFit(message, keys);
  return fit && fit.readings.length === 1 ? { key: fit.key, params: fit.readings[0]! } : undefined;
}

/**
 * A stored English rejection message in the run language. A text that reads several ways is
 * said only when every reading says the same words (the placeholders keep their order, as in
 * "Không đọc được tệp {kind} {file}: {detail}"); else, as for no fit, the stored English.
 */
export function sayStored(message: string, lang: Lang = getLang()): string {
  const fit = bestFit(message, REJECTION_KEYS);
  if (!fit) return message;
  const said = new Set(fit.readings.map((params) => t(fit.key, params, lang)));
  return said.size === 1 ? [...said][0]! : message;
}
