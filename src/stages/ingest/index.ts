import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DocumentPart } from '../../domain/document-state.js';
import { InputRejectedError, InterruptedError, StorageError } from '../../errors.js';
import type { Catalog } from '../../ports/catalog.js';
import { checkInput, settledFacts, type FileFacts } from './check.js';
import { discoverLayout, discoverManifest, type FoundDocument, type Ignored } from './discover.js';

export { groupByStem, pageStem, PAGE_STEM, discoverLayout, discoverManifest, type FoundDocument } from './discover.js';
export { sha256File, checkInput } from './check.js';

export interface IngestOptions {
  /** manifest.csv replacing the folder layout; `INBOX/manifest.csv` is used when present. */
  manifest?: string;
  /** Files modified more recently than this are left for the next run (default 30). */
  settleSeconds?: number;
  limitInputPixels?: number;
  /** Clock, for tests. */
  now?: () => number;
  signal?: AbortSignal;
}

export interface RegisteredDocument {
  documentId: number;
  uid: string;
  name: string;
  unitCode: string;
  dossierCode: string;
  part: DocumentPart;
  files: string[];
  pages: number;
}

export interface IngestRejection {
  file: string;
  reason: string;
  message: string;
  hint?: string;
}

export interface IngestResult {
  inbox: string;
  layout: 'folders' | 'manifest';
  registered: RegisteredDocument[];
  rejected: IngestRejection[];
  duplicates: Array<{ file: string; duplicateOf: string }>;
  waiting: Array<{ file: string; reason: string }>;
  /** Files already in the catalog with the same content: nothing to do. */
  unchanged: number;
  ignored: Ignored[];
}

/** Path-safe ASCII: `Tờ khai` → `to-khai`. */
function slug(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 48) || 'doc'
  );
}

/**
 * Registers the scans in an inbox: one catalog document per found document, stage
 * `ingested`. Inputs are read, never modified. Same file again is a no-op; the same content
 * under another name is recorded and reported as a duplicate; unsettled files are left for
 * the next run; bad files are recorded as rejected (input and document) and the batch goes on.
 */
export async function ingestInbox(catalog: Catalog, inbox: string, opts: IngestOptions = {}): Promise<IngestResult> {
  const root = path.resolve(inbox);
  if (!existsSync(root)) throw new StorageError(`Expected an inbox folder at ${root}, but it does not exist`, { file: root, hint: 'Check the path given to sohoa ingest.' });
  const manifest = opts.manifest ?? (existsSync(path.join(root, 'manifest.csv')) ? path.join(root, 'manifest.csv') : undefined);
  const found = manifest ? await discoverManifest(root, path.resolve(manifest)) : await discoverLayout(root);
  const result: IngestResult = {
    inbox: root,
    layout: manifest ? 'manifest' : 'folders',
    registered: [],
    rejected: [],
    duplicates: [],
    waiting: [],
    unchanged: 0,
    ignored: found.ignored,
  };
  const settleMs = (opts.settleSeconds ?? 30) * 1000;
  const now = opts.now ?? Date.now;
  for (const doc of found.documents) {
    if (opts.signal?.aborted) throw new InterruptedError();
    await ingestDocument(catalog, doc, settleMs, now(), opts.limitInputPixels, result);
  }
  return result;
}

interface Checked {
  file: string;
  facts: FileFacts;
  pages: number;
  rejection?: IngestRejection;
}

async function ingestDocument(catalog: Catalog, doc: FoundDocument, settleMs: number, now: number, limit: number | undefined, result: IngestResult): Promise<void> {
  const facts: Array<{ file: string; facts: FileFacts }> = [];
  let waiting = false;
  for (const file of doc.files) {
    let f: FileFacts | { waiting: string };
    try {
      f = await settledFacts(file, settleMs, now);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        result.waiting.push({ file, reason: 'listed but missing (moved or still being copied)' });
        waiting = true;
        continue;
      }
      throw err;
    }
    if ('waiting' in f) {
      result.waiting.push({ file, reason: f.waiting });
      waiting = true;
    } else facts.push({ file, facts: f });
  }
  // A document is registered whole: if one page is still being written, all of it waits.
  if (waiting) return;

  const fresh: Checked[] = [];
  for (const { file, facts: f } of facts) {
    if (catalog.documents.inputByPathAndSha(file, f.sha256)) {
      result.unchanged += 1;
      continue;
    }
    const earlier = catalog.documents.inputBySha(f.sha256);
    if (earlier) {
      catalog.documents.addInput({ path: file, sha256: f.sha256, size: f.size, mtimeMs: f.mtimeMs, status: 'duplicate', duplicateOf: earlier.id, reason: 'duplicate', message: `Same content as ${earlier.path}` });
      result.duplicates.push({ file, duplicateOf: earlier.path });
      continue;
    }
    try {
      const { pages } = await checkInput(file, limit);
      fresh.push({ file, facts: f, pages });
    } catch (err) {
      if (!(err instanceof InputRejectedError)) throw err;
      fresh.push({ file, facts: f, pages: 0, rejection: { file, reason: err.reason, message: err.message, hint: err.hint } });
    }
  }
  if (fresh.length === 0) return;

  const firstRejection = fresh.find((c) => c.rejection)?.rejection;
  const contentKey = createHash('sha256').update(fresh.map((c) => c.facts.sha256).join(',')).digest('hex').slice(0, 10);
  const uid = `${slug(doc.dossierCode)}-${doc.part}-${slug(doc.name)}-${contentKey}`;
  const record = catalog.transaction(() => {
    const ids = fresh.map((c) =>
      catalog.documents.addInput({
        path: c.file,
        sha256: c.facts.sha256,
        size: c.facts.size,
        mtimeMs: c.facts.mtimeMs,
        status: c.rejection ? 'rejected' : 'registered',
        reason: c.rejection?.reason,
        message: c.rejection?.message,
      }),
    );
    const unitId = catalog.units.versions(doc.unitCode).at(-1)?.id ?? null;
    catalog.dossiers.ensureFromScan(doc.dossierCode, unitId, doc.unitCode, null);
    return catalog.documents.createDocument(
      {
        uid,
        dossierCode: doc.dossierCode,
        unitCode: doc.unitCode,
        part: doc.part,
        name: doc.name,
        status: firstRejection ? 'rejected' : 'pending',
        reason: firstRejection?.reason,
        message: firstRejection?.message,
      },
      ids,
    );
  });
  for (const c of fresh) if (c.rejection) result.rejected.push(c.rejection);
  if (!firstRejection) {
    result.registered.push({
      documentId: record.id,
      uid,
      name: doc.name,
      unitCode: doc.unitCode,
      dossierCode: doc.dossierCode,
      part: doc.part,
      files: fresh.map((c) => c.file),
      pages: fresh.reduce((s, c) => s + c.pages, 0),
    });
  }
}
