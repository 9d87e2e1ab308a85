import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { InputRejectedError } from '../errors.js';
import type { MessageKey, Params } from '../i18n/index.js';
import { decoderFor, detectEncoding, type DetectedEncoding, type EncodingChoice } from './encoding.js';

export interface ReadCsvOptions {
  /** `auto` (the default) detects it; see encoding.ts. */
  encoding?: EncodingChoice;
  /** Told the encoding before the first record, e.g. to note a conversion in the output. */
  onEncoding?: (detected: DetectedEncoding) => void;
}

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

/**
 * Streams a CSV file with a header row, yielding records with the line each starts on.
 * Parsing is csv-parse's (RFC 4180 quotes, BOM, CRLF); the encoding detection and the
 * line-numbered errors are ours.
 */
export async function* readCsv(file: string, requiredColumns: readonly string[] = [], opts: ReadCsvOptions = {}): AsyncGenerator<CsvRecord> {
  const detected = await detectEncoding(file, opts.encoding);
  opts.onEncoding?.(detected);
  const decoder = decoderFor(detected.encoding);
  const bytes = createReadStream(file, { highWaterMark: 1 << 20 });
  if (decoder) bytes.on('error', (err) => decoder.emit('error', err));
  const text = decoder ? bytes.pipe(decoder) : bytes.setEncoding('utf8');
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true });
  (text as NodeJS.ReadableStream).on('error', (err: Error) => parser.destroy(err));
  let header: string[] | undefined;
  try {
    for await (const { record, info } of text.pipe(parser) as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is where the record ends; a quoted field may span lines.
      const line = info.lines - record.reduce((n, cell) => n + countNewlines(cell), 0);
      // NFC: Windows-1258 and macOS exports carry tones as combining marks.
      const cells = record.map((c) => c.normalize('NFC').trim());
      if (!header) {
        header = cells;
        const missing = requiredColumns.filter((c) => !header!.includes(c));
        if (missing.length) {
          throw new InputRejectedError('bad-header', `${file}: expected columns ${requiredColumns.join(',')}, missing ${missing.join(', ')}`, {
            file,
            hint: 'The first line must be the header row.',
            key: 'registry.badHeader',
            params: { file, expected: requiredColumns.join(','), missing: missing.join(', ') },
            hintKey: 'registry.badHeaderHint',
          });
        }
        continue;
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) values[header[i]!] = cells[i] ?? '';
      yield { line, values };
    }
  } catch (err) {
    if (err instanceof CsvError) throw new InputRejectedError('bad-csv', `${file}: ${csvProblem(err)}`, { file, ...csvProblemKey(file, err) });
    throw err;
  } finally {
    bytes.destroy();
    if (decoder) (decoder as unknown as { destroy(): void }).destroy();
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Says what is wrong and on which line, without quoting the file's content. */
/** The catalogue key of csvProblem's text, so the CLI says it in the run's language. */
function csvProblemKey(file: string, err: CsvError): { key: MessageKey; params: Params } {
  const line = (err as CsvError & { lines?: number }).lines ?? '?';
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') return { key: 'registry.quoteNotClosed', params: { file, line } };
  return { key: 'registry.badCsv', params: { file, line, code: err.code } };
}

function csvProblem(err: CsvError): string {
  const line = (err as CsvError & { lines?: number }).lines;
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') return `a quoted field opened on line ${line} is never closed`;
  return `not valid CSV near line ${line ?? '?'} (${err.code})`;
}

export { parseDate } from './dates.js';
