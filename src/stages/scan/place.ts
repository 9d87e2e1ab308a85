import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../util/fs.js';

/**
 * Writes a page into the inbox so ingest never sees half a file: a hidden temporary name
 * (ingest skips those), fsync, then rename. An existing page of the same name is left as it is:
 * page names carry the batch or stack they came from, so a re-run writes the same bytes again.
 * `mtime` backdates the page (a split stack's pages are as old as the settled stack).
 */
export async function placePage(target: string, data: Uint8Array, mtime?: Date): Promise<'written' | 'exists'> {
  await fsp.mkdir(path.dirname(target), { recursive: true });
  try {
    await fsp.access(target);
    return 'exists';
  } catch {
    // not there yet
  }
  await writeFileAtomic(target, data, { mode: 0o644, mtime });
  return 'written';
}

/** Where sohoa keeps pages that came before any dossier barcode: `INBOX/<unit>/_unassigned/`. */
export const UNASSIGNED = '_unassigned';
/** Where a scanner's own software drops whole stacks for ingest to split: `INBOX/<unit>/_stack/`. */
export const STACK = '_stack';

export function pageName(stem: string, no: number, ext: string): string {
  return `${stem}_p${String(no).padStart(4, '0')}.${ext}`;
}
