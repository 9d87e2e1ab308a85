import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { DocumentPart } from '../../domain/document-state.js';
import { UsageError } from '../../errors.js';
import { fsyncDir } from '../../util/fs.js';
import { UNASSIGNED } from './place.js';

export interface HeldPage {
  unit: string;
  file: string;
}

/** Pages waiting in `INBOX/<unit>/_unassigned/` for a dossier, per unit. */
export async function listUnassigned(inbox: string, unit?: string): Promise<HeldPage[]> {
  const units = unit ? [unit] : (await fsp.readdir(inbox, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const out: HeldPage[] = [];
  for (const u of units.sort()) {
    const dir = path.join(inbox, u, UNASSIGNED);
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch {
      continue;
    }
    for (const n of names.filter((x) => !x.startsWith('.')).sort()) out.push({ unit: u, file: path.join(dir, n) });
  }
  return out;
}

export interface AssignResult {
  dossier: string;
  part: DocumentPart;
  moved: Array<{ from: string; to: string }>;
}

/**
 * Files held pages into a dossier: a rename inside the inbox, so the page is never copied half
 * and never in two places. Pages are named as held (`<batch>_p0003.png`), so pages of one batch
 * assigned to one dossier and part form one document. Only files in an `_unassigned` folder move.
 */
export async function assignPages(inbox: string, files: string[], dossier: string, part: DocumentPart): Promise<AssignResult> {
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/.test(dossier)) throw new UsageError(`Expected a dossier code of letters, digits, dots and hyphens for --dossier, got "${dossier}"`, { key: 'scan.badDossier', params: { value: dossier } });
  const root = path.resolve(inbox);
  const plan: Array<{ from: string; to: string }> = [];
  for (const f of files) {
    // A bare name is looked up in every unit's holding area.
    const from = path.isAbsolute(f) || f.includes(path.sep) ? path.resolve(f) : await findHeld(root, f);
    const rel = path.relative(root, from).split(path.sep);
    if (rel.length !== 3 || rel[1] !== UNASSIGNED || rel[0]!.startsWith('..')) {
      throw new UsageError(`Expected a page in ${path.join(root, '<unit>', UNASSIGNED)}, got ${from}`, {
        hint: 'List the held pages with `sohoa scan unassigned`.',
        key: 'scan.notHeld',
        params: { dir: path.join(root, '<unit>', UNASSIGNED), file: from },
        hintKey: 'scan.listHeldHint',
      });
    }
    await fsp.access(from);
    plan.push({ from, to: path.join(root, rel[0]!, dossier, part, rel[2]!) });
  }
  for (const m of plan) {
    await fsp.mkdir(path.dirname(m.to), { recursive: true });
    try {
      await fsp.access(m.to);
      throw new UsageError(`Expected no page at ${m.to}, but one is already there`, { hint: 'Rename the held page, or check whether it was assigned already.', key: 'scan.pageTaken', params: { to: m.to }, hintKey: 'scan.pageTakenHint' });
    } catch (err) {
      if (err instanceof UsageError) throw err;
    }
    await fsp.rename(m.from, m.to);
    await fsyncDir(path.dirname(m.to));
  }
  return { dossier, part, moved: plan };
}

async function findHeld(root: string, name: string): Promise<string> {
  const hits = (await listUnassigned(root)).filter((h) => path.basename(h.file) === name);
  if (hits.length === 1) return hits[0]!.file;
  if (hits.length === 0) throw new UsageError(`Expected a held page named ${name} in ${path.join(root, '<unit>', UNASSIGNED)}, found none`, {
      hint: 'List the held pages with `sohoa scan unassigned`.',
      key: 'scan.noHeldPage',
      params: { name, dir: path.join(root, '<unit>', UNASSIGNED) },
      hintKey: 'scan.listHeldHint',
    });
  throw new UsageError(`Expected one held page named ${name}, found ${hits.length} (in units ${hits.map((h) => h.unit).join(', ')})`, {
    hint: 'Give the page with its unit folder: INBOX/<unit>/_unassigned/NAME.',
    key: 'scan.manyHeldPages',
    params: { name, n: hits.length, units: hits.map((h) => h.unit).join(', ') },
    hintKey: 'scan.manyHeldPagesHint',
  });
}
