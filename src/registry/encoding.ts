import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { InputRejectedError, type ErrorDetails } from '../errors.js';

/**
 * The text encoding of a register or units file. One-stop systems and Excel export UTF-8 (with or
 * without a BOM), UTF-16 ("Unicode text") or the Windows code page: 1258 for Vietnamese, 1252
 * (Latin-1) on Western setups. Reading any of these as UTF-8 imports garbled names with exit 0,
 * so the file's bytes decide, and what cannot be read faithfully is refused with a way out.
 */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows1258' | 'windows1252';

/** Values of `--encoding`. */
import type { EncodingChoice } from './encoding-choices.js';
export { ENCODING_CHOICES, type EncodingChoice } from './encoding-choices.js';

const FROM_CHOICE: Record<Exclude<EncodingChoice, 'auto'>, TextEncoding> = {
  'utf-8': 'utf8',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
  'windows-1258': 'windows1258',
  'windows-1252': 'windows1252',
  latin1: 'windows1252',
};

export const ENCODING_LABEL: Record<TextEncoding, string> = {
  utf8: 'UTF-8',
  utf16le: 'UTF-16 LE',
  utf16be: 'UTF-16 BE',
  windows1258: 'Windows-1258 (Vietnamese)',
  windows1252: 'Windows-1252 / Latin-1',
};

/** The name `iconv -f` knows each encoding by. */
const ICONV_NAME: Record<TextEncoding, string> = { utf8: 'UTF-8', utf16le: 'UTF-16LE', utf16be: 'UTF-16BE', windows1258: 'CP1258', windows1252: 'CP1252' };

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** Set when the text was converted to UTF-8 (anything but UTF-8), for the command's output. */
  note?: string;
}

/** How much of the file the legacy-code-page guess looks at. */
const SAMPLE_BYTES = 1 << 20;

// Letters of the Vietnamese alphabet outside ASCII, precomposed (NFC).
const VIETNAMESE_LETTER = /[àáâãèéêìíòóôõùúýăđĩũơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯ\u1EA0-\u1EF9]/u;
// UTF-8 read as Windows-1252 and saved again as UTF-8: "Xã" → "XÃ£", "ạ" → "áº¡", "Đ" → "Ä\u0090".
const MOJIBAKE = /Ã[\u0080-\u00BF]|á[º»]|Ä[\u0080-\u00BF‘’]|Æ[°¡¯]/gu;

/** Letters and marks that no Vietnamese text has: a wrong guess of the code page shows as these. */
function implausible(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    if (c >= 0x300 && c <= 0x36f) n++; // a tone mark left over after NFC: it sat on a consonant
    else if (c === 0xfffd || (c >= 0x80 && c <= 0x9f)) n++;
    else if (/\p{L}/u.test(ch) && !VIETNAMESE_LETTER.test(ch)) n++;
  }
  return n;
}

/**
 * Chooses between the two legacy code pages by which one reads as Vietnamese. Windows-1258 keeps
 * most tones as combining marks after the vowel: read as 1258 they compose (NFC); read as 1252
 * they show as stray letters (Þ, Ð). A Latin-1 file read as 1258 leaves marks on consonants (Ḥ).
 */
export function guessCodePage(sample: Buffer): 'windows1258' | 'windows1252' {
  const raw1258 = iconv.decode(sample, 'windows1258');
  const as1258 = raw1258.normalize('NFC');
  const as1252 = iconv.decode(sample, 'windows1252');
  const bad1258 = implausible(as1258);
  const bad1252 = implausible(as1252);
  if (bad1258 !== bad1252) return bad1258 < bad1252 ? 'windows1258' : 'windows1252';
  const marks = (t: string) => t.match(/[\u0300-\u036f]/gu)?.length ?? 0;
  const composed = marks(raw1258) - marks(as1258);
  return composed > 0 || /[đĐ]/u.test(as1258) ? 'windows1258' : 'windows1252';
}

/** The line (1-based) of byte offset `at` in `bytes`, for messages. */
function lineAt(bytes: Buffer, at: number): number {
  let n = 1;
  for (let i = 0; i < at && i < bytes.length; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

/** `said` names the catalogue texts, so the CLI says the refusal in the run's language. */
function refuse(file: string, message: string, hint: string, said: Pick<ErrorDetails, 'key' | 'params' | 'hintKey' | 'hintParams'>): never {
  throw new InputRejectedError('bad-encoding', `${file}: ${message}`, { file, hint, ...said });
}

function convertCommand(file: string, from: TextEncoding): string {
  return `iconv -f ${ICONV_NAME[from]} -t UTF-8 ${file} > ${file.replace(/(\.csv)?$/i, '.utf8.csv')}`;
}

function convertHint(file: string, from: TextEncoding): string {
  return `Export the file again as "CSV UTF-8", or convert it: ${convertCommand(file, from)}`;
}

/** UTF-16 without a BOM: plain-ASCII text shows as a NUL in every other byte. */
function bomlessUtf16(head: Buffer): TextEncoding | undefined {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf16le';
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf16be';
  return undefined;
}

/**
 * Reads the file once to decide its encoding: a BOM, else UTF-8 if every byte sequence is valid
 * UTF-8, else the legacy code page whose reading looks Vietnamese. Windows-1258 and UTF-16 are
 * converted (with a note); Windows-1252/Latin-1, which cannot hold most Vietnamese letters, a
 * workbook and double-converted text are refused, naming the encoding and how to convert.
 */
export async function detectEncoding(file: string, choice: EncodingChoice = 'auto'): Promise<DetectedEncoding> {
  if (choice !== 'auto') {
    const encoding = FROM_CHOICE[choice];
    return encoding === 'utf8' ? { encoding } : { encoding, note: `Read as ${ENCODING_LABEL[encoding]} (--encoding ${choice}) and converted to UTF-8.` };
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const sampleParts: Buffer[] = [];
  let sampled = 0;
  let valid = true;
  let firstBad = -1;
  let offset = 0;
  let head: Buffer | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (!head) {
      head = chunk.subarray(0, 4096);
      if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', note: 'The file is UTF-16 LE (with a BOM); converted to UTF-8.' };
      if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', note: 'The file is UTF-16 BE (with a BOM); converted to UTF-8.' };
      if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
        refuse(file, 'expected a CSV text file, got a ZIP archive (an Excel .xlsx workbook?)', 'In Excel: File › Save As › "CSV UTF-8 (Comma delimited)", then import the .csv.', {
          key: 'registry.workbook',
          params: { file },
          hintKey: 'registry.workbookHint',
        });
      }
      const u16 = bomlessUtf16(head);
      if (u16) return { encoding: u16, note: `The file is ${ENCODING_LABEL[u16]} without a BOM; converted to UTF-8.` };
    }
    if (sampled < SAMPLE_BYTES) {
      sampleParts.push(chunk.subarray(0, SAMPLE_BYTES - sampled));
      sampled += Math.min(chunk.length, SAMPLE_BYTES - sampled);
    }
    if (valid) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        valid = false;
        firstBad = offset + chunk.findIndex((b) => b >= 0x80);
      }
    }
    offset += chunk.length;
    if (!valid && sampled >= SAMPLE_BYTES) break;
  }
  if (valid) {
    try {
      decoder.decode();
    } catch {
      valid = false;
      firstBad = offset - 1;
    }
  }
  const sample = Buffer.concat(sampleParts);
  if (valid) {
    const text = sample.toString('utf8');
    const garbled = text.match(MOJIBAKE);
    if (garbled && garbled.length >= 2) {
      const at = text.search(MOJIBAKE);
      const line = text.slice(0, at).split('\n').length;
      refuse(
        file,
        `expected Vietnamese text in UTF-8, got text that was converted twice (line ${line} has "${garbled[0]}", as when UTF-8 is read as Windows-1252 and saved again)`,
        'Export the file again from the one-stop system as "CSV UTF-8"; do not open and re-save it in a program that assumed another encoding.',
        { key: 'registry.convertedTwice', params: { file, line, sample: garbled[0] }, hintKey: 'registry.convertedTwiceHint' },
      );
    }
    return { encoding: 'utf8' };
  }
  const page = guessCodePage(sample);
  const badLine = firstBad >= 0 && firstBad < sample.length ? lineAt(sample, firstBad) : undefined;
  const where = badLine === undefined ? '' : ` (first non-UTF-8 byte on line ${badLine})`;
  if (page === 'windows1258') {
    return { encoding: 'windows1258', note: `The file is in Windows-1258 (Vietnamese), not UTF-8${where}; converted to UTF-8 (NFC).` };
  }
  refuse(
    file,
    `expected UTF-8, got Windows-1252 / Latin-1 text${where}. That code page has no ư, ơ, đ, ă or dotted vowels, so Vietnamese names in it are usually already damaged ("?" in place of letters); nothing was imported`,
    `${convertHint(file, 'windows1252')} — or, if every name is right, import it as it is with --encoding windows-1252. A Windows-1258 file: --encoding windows-1258.`,
    {
      key: badLine === undefined ? 'registry.latin1' : 'registry.latin1At',
      params: { file, line: badLine },
      hintKey: 'registry.latin1Hint',
      hintParams: { command: convertCommand(file, 'windows1252') },
    },
  );
}

/** A decoding stream for the detected encoding (UTF-8 BOMs are stripped by the CSV reader). */
export function decoderFor(encoding: TextEncoding): NodeJS.ReadWriteStream | undefined {
  return encoding === 'utf8' ? undefined : iconv.decodeStream(encoding);
}
