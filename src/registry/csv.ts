import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { InputRejectedError } from '../errors.js';

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

/** Streams a CSV file with a header row, yielding records with their line numbers. */
export async function* readCsv(file: string, requiredColumns: readonly string[] = []): AsyncGenerator<CsvRecord> {
  const source = createReadStream(file);
  const parser = source.pipe(
    parse({ columns: (h: string[]) => h.map((c) => c.trim()), bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }),
  );
  // pipe() does not forward the source's errors (a missing file): hand them to the parser.
  source.on('error', (err) => parser.destroy(err));
  let checked = false;
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (!checked) {
        const missing = requiredColumns.filter((c) => !(c in rec.record));
        if (missing.length) {
          throw new InputRejectedError('bad-header', `${file}: expected columns ${requiredColumns.join(',')}, missing ${missing.join(', ')}`, {
            file,
            hint: 'The first line must be the header row.',
          });
        }
        checked = true;
      }
      yield { line: rec.info.lines, values: rec.record };
    }
  } catch (err) {
    if (err instanceof InputRejectedError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') throw err;
    throw new InputRejectedError('bad-csv', `${file}: not a readable CSV file: ${e.message}`, { file, cause: err });
  }
}

/** ISO `YYYY-MM-DD`, or Vietnamese `DD/MM/YYYY`; returns ISO or undefined when invalid. */
export function parseDate(raw: string): string | undefined {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    iso = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
    if (!iso) return undefined;
    [d, m, y] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  }
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return dt.toISOString().slice(0, 10);
}
