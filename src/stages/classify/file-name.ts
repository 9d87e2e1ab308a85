import { abbrKey } from './notation.js';

/**
 * What an input's file name says of its number and type: "22 TTR.signed…", "51 QĐ UB",
 * "2770 (08-CT-UBND)", "QD.4469.BYT". File names lie ("05.signed" holds document 11), so a name
 * only corroborates a printed reading or, alone, gives a value at low confidence; a bare
 * number with no type abbreviation next to it is not used.
 */
export interface FileNameHint {
  number: string;
  /** The abbreviation next to the number, as written ("TTR", "QĐ"). */
  abbr: string;
}

export function fileNameHints(fileName: string, abbreviations: string[]): FileNameHint[] {
  const base = fileName.normalize('NFC').replace(/\.signed.*$/i, '').replace(/\.[a-z0-9]+$/i, '');
  const keys = new Set(abbreviations.map((a) => abbrKey(a)));
  const out: FileNameHint[] = [];
  // "22 TTR", "08-CT", "1716 QĐ" (number then abbreviation) and "QD.4469" (abbreviation then number).
  for (const m of base.matchAll(/(?<![0-9])([0-9]{1,5})[\s._-]*([A-Za-zĐđ]{2,4})(?![A-Za-zĐđ])/g)) {
    if (keys.has(abbrKey(m[2]!)) || keys.has(abbrKey(m[2]!).replace(/d/g, 'đ'))) out.push({ number: m[1]!, abbr: m[2]! });
  }
  for (const m of base.matchAll(/(?<![A-Za-zĐđ])([A-Za-zĐđ]{2,4})[\s._-]*([0-9]{1,5})(?![0-9])/g)) {
    if (keys.has(abbrKey(m[1]!)) || keys.has(abbrKey(m[1]!).replace(/d/g, 'đ'))) out.push({ number: m[2]!, abbr: m[1]! });
  }
  return out;
}
