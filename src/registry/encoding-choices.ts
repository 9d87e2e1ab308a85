/** The `--encoding` choices, apart from encoding.ts so that `--help` does not load iconv-lite. */
export const ENCODING_CHOICES = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1258', 'windows-1252', 'latin1'] as const;
export type EncodingChoice = (typeof ENCODING_CHOICES)[number];
