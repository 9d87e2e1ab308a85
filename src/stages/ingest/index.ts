import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DocumentPart } from '../../domain/document-state.js';
import { ConfigError, InterruptedError, StorageError } from '../../errors.js';
import type { Catalog } from '../../ports/catalog.js';
import type { OriginalsStore } from '../../ports/originals.js';
import { workspaceOriginals } from '../../adapters/originals/index.js';
import { discoverLayout, discoverManifest, type Ignored } from './discover.js';
import { ingestDocument } from './register.js';
import type { MessageKey, Params } from '../../i18n/index.js';
import { scanSchema, type ScanConfig } from '../../config/schema.js';
import { splitStacks, type StackSplit } from '../scan/stack.js';
import { NO_UNITS_WARNING } from './warnings.js';

export { groupByStem, pageStem, PAGE_STEM, discoverLayout, discoverManifest, type FoundDocument } from './discover.js';
export { sha256File, checkInput } from './check.js';

export interface IngestOptions {
  /** manifest.csv replacing the folder layout; `INBOX/manifest.csv` is used when present. */
  manifest?: string;
  /** Files modified more recently than this are left for the next run (default 30). */
  settleSeconds?: number;
  limitInputPixels?: number;
  /** Where accepted originals are kept; default `<workspace>/originals` beside a SQLite catalog. */
  originals?: OriginalsStore;
  /** Splitting of `INBOX/<unit>/_stack/` files by barcode (scan.* config); defaults when absent. */
  scan?: ScanConfig;
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
  /** 1, or more when the content at these paths changed after an earlier ingest. */
  version: number;
}

export interface IngestRejection {
  file: string;
  reason: string;
  message: string;
  hint?: string;
  /** The rejected document's uid, when it was recorded in the catalog. */
  document?: string;
  /** The message as a catalogue key (see Said in src/pipeline/events.ts). */
  key?: MessageKey;
  params?: Params;
  hintKey?: MessageKey;
  hintParams?: Params;
}

/** A path whose content changed after it was ingested: a new version; the earlier one is kept and processed. */
export interface NewVersion {
  document: string;
  previous: string;
  version: number;
  files: string[];
}

export interface IngestResult {
  inbox: string;
  layout: 'folders' | 'manifest';
  registered: RegisteredDocument[];
  rejected: IngestRejection[];
  /** Inputs whose bytes another input also has: stored once, every reference kept. */
  shared: Array<{ file: string; sameAs: string }>;
  versions: NewVersion[];
  waiting: Array<{ file: string; reason: string }>;
  /** Files of documents already in the catalog with the same content: nothing to do. */
  unchanged: number;
  ignored: Ignored[];
  /** Set when no units are imported, so unit codes could not be checked. */
  warnings: string[];
  /** Stacks in `INBOX/<unit>/_stack/` split by barcode into dossiers before discovery. */
  stacks: StackSplit[];
}

/** The SQLite catalog keeps its workspace's originals beside it. */
function defaultOriginals(catalog: Catalog): OriginalsStore {
  const file = (catalog as { location?: string }).location;
  if (!file) throw new ConfigError('Expected an originals store for ingest, got none', { hint: 'Pass IngestOptions.originals.' });
  return workspaceOriginals(path.dirname(file));
}

/**
 * Registers the scans in an inbox: one catalog document per found document, stage `ingested`,
 * its accepted inputs copied into the originals store. Inputs are read, never modified. The same
 * document with the same content again is a no-op; identical bytes elsewhere are referenced,
 * never dropped; changed content at a known path is a new version; unsettled files are left for
 * the next run; bad files, symlinks and unknown units reject their document and the batch goes on.
 */
export async function ingestInbox(catalog: Catalog, inbox: string, opts: IngestOptions = {}): Promise<IngestResult> {
  const root = path.resolve(inbox);
  if (!existsSync(root)) throw new StorageError(`Expected an inbox folder at ${root}, but it does not exist`, {
      file: root,
      hint: 'Check the path given to sohoa ingest.',
      key: 'storage.noInbox',
      params: { root },
      hintKey: 'storage.noInboxHint',
    });
  const manifest = opts.manifest ?? (existsSync(path.join(root, 'manifest.csv')) ? path.join(root, 'manifest.csv') : undefined);
  const now = (opts.now ?? Date.now)();
  // Stacks first: their pages land in the folder layout (as old as the stack, so settled) and are found below.
  const stacks = manifest ? undefined : await splitStacks(root, { config: opts.scan ?? scanSchema.parse({}), settleMs: (opts.settleSeconds ?? 30) * 1000, now, limitInputPixels: opts.limitInputPixels });
  const found = manifest ? await discoverManifest(root, path.resolve(manifest)) : await discoverLayout(root);
  const result: IngestResult = {
    inbox: root,
    layout: manifest ? 'manifest' : 'folders',
    registered: [],
    rejected: [...(stacks?.rejected ?? []), ...found.refused.map((r) => ({ file: r.file, reason: r.reason, message: r.message, hint: r.hint }))],
    shared: [],
    versions: [],
    waiting: [...(stacks?.waiting ?? [])],
    unchanged: 0,
    ignored: found.ignored,
    warnings: [],
    stacks: stacks?.split ?? [],
  };
  const unitCodes = new Set(catalog.units.all().map((u) => u.code));
  if (unitCodes.size === 0 && found.documents.length > 0) {
    result.warnings.push(NO_UNITS_WARNING);
  }
  const ctx = {
    catalog,
    originals: opts.originals ?? defaultOriginals(catalog),
    settleMs: (opts.settleSeconds ?? 30) * 1000,
    now,
    limitInputPixels: opts.limitInputPixels,
    unitCodes,
    result,
  };
  for (const doc of found.documents) {
    if (opts.signal?.aborted) throw new InterruptedError();
    await ingestDocument(ctx, doc);
  }
  return result;
}
