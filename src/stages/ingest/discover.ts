import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { DocumentPart } from '../../domain/document-state.js';
import { UsageError } from '../../errors.js';
import { readCsv } from '../../registry/csv.js';

/** A document found in the inbox: its files in page order. */
export interface FoundDocument {
  unitCode: string;
  dossierCode: string;
  part: DocumentPart;
  name: string;
  files: string[];
  /** Set when one of its files may not be read at all (a symlink, or outside the inbox). */
  refused?: Refusal;
}

export interface Ignored {
  file: string;
  reason: string;
}

/** A path sohoa will not open: `symlink` or `outside-inbox`. Same rule for both layouts. */
export interface Refusal {
  file: string;
  reason: 'symlink' | 'outside-inbox';
  message: string;
  hint: string;
}

export interface Discovery {
  documents: FoundDocument[];
  ignored: Ignored[];
  /** Symlinked folders: nothing under them is read. */
  refused: Refusal[];
}

export function symlinkRefusal(file: string): Refusal {
  return {
    file,
    reason: 'symlink',
    message: `Expected a regular file or folder at ${file}, got a symbolic link; it was not followed`,
    hint: 'Copy the scan itself into the inbox: sohoa never follows links, so a link cannot pull in files from elsewhere.',
  };
}

function outsideRefusal(file: string, where: string): Refusal {
  return {
    file,
    reason: 'outside-inbox',
    message: `Expected a file inside the inbox in ${where}, got ${file}, which is outside it`,
    hint: 'Manifest paths are relative to the inbox and must stay inside it; copy the scan into the inbox.',
  };
}

const PARTS: readonly DocumentPart[] = ['ho-so', 'ket-qua'];
const SCAN_EXT = /\.(jpe?g|png|tiff?|pdf)$/i;
/** Scanner and editor temporary files: never scans, and never ours to touch. */
const TEMP_NAME = /^(\.|~\$)|\.(tmp|part|partial|crdownload|swp)$/i;

/**
 * Page-stem rule: `<name>_p<N>`, `<name>-p<N>`, `<name>_page<N>` or `<name>_trang<N>` (any case)
 * are page N of the document `<name>`; files with the same `<name>` in the same folder form one
 * document, ordered by N (numerically). Any other file is a document by itself.
 */
export const PAGE_STEM = /^(.+?)[_-](?:p|page|trang)[_-]?(\d{1,4})$/i;

export function pageStem(file: string): { name: string; page: number } | undefined {
  const stem = path.basename(file).replace(/\.[^.]+$/, '');
  const m = PAGE_STEM.exec(stem);
  return m ? { name: m[1]!, page: Number(m[2]) } : undefined;
}

/** Groups files of one folder into documents by the page-stem rule. */
export function groupByStem(files: string[]): Array<{ name: string; files: string[] }> {
  const groups = new Map<string, Array<{ file: string; page: number }>>();
  const singles: Array<{ name: string; files: string[] }> = [];
  for (const file of [...files].sort()) {
    const ps = pageStem(file);
    if (!ps) {
      singles.push({ name: path.basename(file).replace(/\.[^.]+$/, ''), files: [file] });
      continue;
    }
    const key = ps.name.toLowerCase();
    const g = groups.get(key) ?? [];
    g.push({ file, page: ps.page });
    groups.set(key, g);
  }
  const grouped = [...groups.values()].map((g) => ({
    name: pageStem(g[0]!.file)!.name,
    files: g.sort((a, b) => a.page - b.page || a.file.localeCompare(b.file)).map((x) => x.file),
  }));
  return [...grouped, ...singles].sort((a, b) => a.name.localeCompare(b.name));
}

async function listDir(dir: string): Promise<Array<{ name: string; dir: boolean; file: boolean; link: boolean }>> {
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  return entries
    .map((e) => ({ name: e.name, dir: e.isDirectory(), file: e.isFile(), link: e.isSymbolicLink() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `INBOX/<unit_code>/<dossier_code>/<ho-so|ket-qua>/<files>`; anything else is reported as ignored. */
export async function discoverLayout(inbox: string): Promise<Discovery> {
  const documents: FoundDocument[] = [];
  const ignored: Ignored[] = [];
  const refused: Refusal[] = [];
  const skip = (file: string, reason: string) => {
    if (!TEMP_NAME.test(path.basename(file))) ignored.push({ file, reason });
  };
  for (const unit of await listDir(inbox)) {
    const unitDir = path.join(inbox, unit.name);
    if (unit.link) {
      refused.push(symlinkRefusal(unitDir));
      continue;
    }
    if (!unit.dir) {
      if (unit.name !== 'manifest.csv') skip(unitDir, 'not inside <unit_code>/<dossier_code>/<ho-so|ket-qua>/');
      continue;
    }
    for (const dossier of await listDir(unitDir)) {
      const dossierDir = path.join(unitDir, dossier.name);
      if (dossier.link) {
        refused.push(symlinkRefusal(dossierDir));
        continue;
      }
      if (!dossier.dir) {
        skip(dossierDir, 'not inside <dossier_code>/<ho-so|ket-qua>/');
        continue;
      }
      // sohoa's own folders: stacks are split before discovery; held pages wait for a dossier.
      if (dossier.name === '_stack') continue;
      if (dossier.name === '_unassigned') {
        for (const f of await listDir(dossierDir)) skip(path.join(dossierDir, f.name), 'needs a dossier: assign it with `sohoa scan assign FILE --dossier CODE`');
        continue;
      }
      for (const part of await listDir(dossierDir)) {
        const partDir = path.join(dossierDir, part.name);
        if (part.link) {
          refused.push(symlinkRefusal(partDir));
          continue;
        }
        if (!part.dir || !PARTS.includes(part.name as DocumentPart)) {
          skip(partDir, `expected a folder named ho-so or ket-qua, got "${part.name}"`);
          continue;
        }
        const files: string[] = [];
        const links = new Set<string>();
        for (const f of await listDir(partDir)) {
          const file = path.join(partDir, f.name);
          if (TEMP_NAME.test(f.name)) continue;
          if (f.link) {
            // Grouped like any page, so the document it belongs to is refused whole, never short a page.
            links.add(file);
            files.push(file);
          } else if (!f.file) skip(file, 'a folder inside ho-so/ket-qua');
          else if (!SCAN_EXT.test(f.name)) skip(file, 'not a .jpg, .png, .tif or .pdf file');
          else files.push(file);
        }
        for (const g of groupByStem(files)) {
          const link = g.files.find((f) => links.has(f));
          documents.push({
            unitCode: unit.name,
            dossierCode: dossier.name,
            part: part.name as DocumentPart,
            name: g.name,
            files: g.files,
            ...(link ? { refused: symlinkRefusal(link) } : {}),
          });
        }
      }
    }
  }
  return { documents, ignored, refused };
}

const MANIFEST_COLUMNS = ['file', 'unit_code', 'dossier_code', 'kind', 'document'] as const;

/**
 * manifest.csv (`file,unit_code,dossier_code,kind,document`): rows with the same dossier, kind
 * and document form one document, pages in row order; `file` is relative to the inbox.
 */
export async function discoverManifest(inbox: string, manifest: string): Promise<Discovery> {
  const byKey = new Map<string, FoundDocument>();
  const ignored: Ignored[] = [];
  const realInbox = await fsp.realpath(inbox);
  for await (const rec of readCsv(manifest, MANIFEST_COLUMNS)) {
    const v = rec.values;
    const where = `${manifest}:${rec.line}`;
    if (!v.file || !v.unit_code || !v.dossier_code) {
      throw new UsageError(`Expected file, unit_code and dossier_code in ${where}, got an empty value`, { file: manifest });
    }
    if (!PARTS.includes(v.kind as DocumentPart)) {
      throw new UsageError(`Expected kind ho-so or ket-qua in ${where}, got "${v.kind}"`, { file: manifest });
    }
    const file = path.resolve(inbox, v.file);
    const name = v.document || path.basename(file).replace(/\.[^.]+$/, '');
    const key = [v.dossier_code, v.kind, name].join('\u0000');
    const doc = byKey.get(key) ?? { unitCode: v.unit_code, dossierCode: v.dossier_code, part: v.kind as DocumentPart, name, files: [] };
    doc.files.push(file);
    byKey.set(key, doc);
    const refusal = await manifestRefusal(inbox, realInbox, file, where);
    if (refusal) doc.refused ??= refusal;
  }
  return { documents: [...byKey.values()], ignored, refused: [] };
}

/** The same rule as the folder layout: no symlink anywhere on the path, and nothing outside the inbox. */
async function manifestRefusal(inbox: string, realInbox: string, file: string, where: string): Promise<Refusal | undefined> {
  const inside = (root: string, p: string) => {
    const rel = path.relative(root, p);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  if (!inside(inbox, file)) return outsideRefusal(file, where);
  let st;
  try {
    st = await fsp.lstat(file);
  } catch {
    return undefined; // missing: ingest leaves it for the next run
  }
  if (st.isSymbolicLink()) return symlinkRefusal(file);
  // A symlinked folder on the way: the real path leaves the inbox, or differs from the one written.
  const real = await fsp.realpath(file);
  if (!inside(realInbox, real)) return outsideRefusal(file, where);
  if (path.relative(realInbox, real) !== path.relative(inbox, file)) return symlinkRefusal(path.dirname(file));
  return undefined;
}
