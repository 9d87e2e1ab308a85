import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { SqlCatalog } from '../adapters/sql/catalog.js';

/**
 * Work folders (`<workspace>/work/<uid>/`: page images, OCR words, the unsigned and signed PDF)
 * are only needed until the document is archived; they are several times the size of the inbox.
 * Removed after the archive commit unless `keepWorkFiles`; a crash between the two leaves a folder
 * that the next run's sweep removes.
 */
export function workRoot(workspace: string): string {
  return path.join(workspace, 'work');
}

export async function removeWorkDir(workDir: string): Promise<void> {
  await fsp.rm(workDir, { recursive: true, force: true });
}

/** Removes the work folders of documents already archived; returns how many. */
export async function sweepArchivedWorkDirs(catalog: SqlCatalog, workspace: string): Promise<number> {
  let names: string[];
  try {
    names = await fsp.readdir(workRoot(workspace));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const uid of names) {
    if (catalog.documents.byUid(uid)?.stage !== 'archived') continue;
    await removeWorkDir(path.join(workRoot(workspace), uid));
    removed += 1;
  }
  return removed;
}
