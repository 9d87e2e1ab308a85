import path from 'node:path';
import { UsageError } from '../../errors.js';
import { readCsv } from '../../registry/csv.js';
import { COPY_TYPES, type CopyType } from './appearance.js';
import type { BatchItem } from './batch.js';

export const MANIFEST_COLUMNS = ['input', 'output', 'copy_type', 'agency'] as const;

export interface PlanOptions {
  /** Folder for `<input name>` outputs: for FILE… arguments, and manifest rows with no output. */
  outDir?: string;
  /** CSV with `input[,output][,copy_type][,agency]`; relative paths are relative to its folder. */
  manifest?: string;
}

/**
 * The list of files to sign, in order: FILE… arguments first, then the manifest's rows. A row
 * that cannot be used (no input, an unknown copy type, no output and no --out-dir) and a
 * second file aimed at an output already planned become refused items, so the batch reports
 * them and goes on. Only a malformed manifest (unknown column) stops everything, before any
 * signing, since a typo there would misplace every file.
 */
export async function planBatch(files: string[], o: PlanOptions): Promise<BatchItem[]> {
  const outDir = o.outDir;
  const items: BatchItem[] = [];
  if (files.length && !outDir) throw new UsageError(`Expected --out-dir DIR for ${files.length} input file(s) in a batch, got none`, { hint: 'Give --out-dir DIR, or --out FILE to sign a single file.', key: 'sign.err.needOutDir', params: { n: files.length }, hintKey: 'sign.err.needOutDirHint' });
  for (const f of files) items.push({ input: f, output: path.join(outDir!, path.basename(f)) });
  if (o.manifest) items.push(...(await manifestItems(o.manifest, outDir)));
  if (!items.length) throw new UsageError('Expected files to sign, got none', { hint: 'Name PDFs (sohoa sign a.pdf b.pdf --out-dir signed/) or give --manifest CSV.', key: 'sign.err.noFiles', hintKey: 'sign.err.noFilesHint' });
  const planned = new Map<string, string>();
  for (const item of items) {
    if (item.refusal) continue;
    const key = path.resolve(item.output);
    const first = planned.get(key);
    if (first !== undefined)
      item.refusal = { reason: 'duplicate-output', message: `Expected one input per output, but ${first} already goes to ${item.output}`, key: 'sign.batch.duplicateOutput', params: { first, output: item.output } };
    else planned.set(key, item.input);
  }
  return items;
}

async function manifestItems(manifest: string, outDir: string | undefined): Promise<BatchItem[]> {
  const base = path.dirname(path.resolve(manifest));
  const items: BatchItem[] = [];
  for await (const rec of readCsv(manifest, ['input'])) {
    const unknown = Object.keys(rec.values).filter((c) => !(MANIFEST_COLUMNS as readonly string[]).includes(c));
    if (unknown.length) {
      const params = { allowed: MANIFEST_COLUMNS.join(','), unknown: unknown.map((c) => `"${c}"`).join(', '), manifest };
      throw new UsageError(`Expected the manifest's columns among ${params.allowed}, got ${params.unknown} in ${manifest}`, {
        file: manifest,
        hint: 'Fix the header row; nothing was signed.',
        key: 'sign.err.manifestColumns',
        params,
        hintKey: 'sign.err.manifestColumnsHint',
      });
    }
    // Spreadsheets may write decomposed Vietnamese (NFD) or lower case: "sao lục" is SAO LỤC.
    const v: Record<string, string | undefined> = { ...rec.values, copy_type: rec.values.copy_type?.normalize('NFC').toUpperCase(), agency: rec.values.agency?.normalize('NFC') };
    const where = `${manifest}:${rec.line}`;
    const input = v.input ? path.resolve(base, v.input) : where;
    const output = v.output ? path.resolve(base, v.output) : outDir ? path.join(outDir, path.basename(input)) : '';
    const item: BatchItem = { input, output, agency: v.agency || undefined };
    if (!v.input) item.refusal = { reason: 'bad-row', message: `Expected an input file in ${where}, got an empty cell`, key: 'sign.batch.row.noInput', params: { where } };
    else if (!output) item.refusal = { reason: 'bad-row', message: `Expected an output in ${where} (or --out-dir DIR), got none`, key: 'sign.batch.row.noOutput', params: { where } };
    else if (v.copy_type && !(COPY_TYPES as readonly string[]).includes(v.copy_type)) {
      const allowed = COPY_TYPES.join(', ');
      item.refusal = { reason: 'bad-row', message: `Expected copy_type ${allowed} in ${where}, got "${v.copy_type}"`, key: 'sign.batch.row.badCopyType', params: { allowed, where, value: v.copy_type } };
    }
    else if (v.copy_type) item.copyType = v.copy_type as CopyType;
    items.push(item);
  }
  return items;
}
