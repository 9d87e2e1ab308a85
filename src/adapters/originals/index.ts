import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { ConfigError } from '../../errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { OriginalsStore } from '../../ports/originals.js';
import { openObjectStore } from '../store/index.js';
import { FsOriginals } from './fs-originals.js';
import { ObjectStoreOriginals } from './object-store-originals.js';

export { FsOriginals, READ_NO_FOLLOW } from './fs-originals.js';
export { ObjectStoreOriginals, stagedShaOf } from './object-store-originals.js';

/** The originals store of a workspace: `<workspace>/originals/sha256/ab/cdef…`. */
export function workspaceOriginals(workspace: string): OriginalsStore {
  return new FsOriginals(path.join(workspace, 'originals'));
}

export type OriginalsConfig = Pick<Config, 'workspace' | 'archive' | 's3' | 'catalog' | 'originals'>;

/**
 * `originals.store`, or its default: staged in the object store with a shared (PostgreSQL)
 * catalog, whose workers run on other machines; the workspace folder otherwise.
 */
export function originalsStoreKind(cfg: Pick<Config, 'catalog' | 'originals'>): 'workspace' | 'object-store' {
  return cfg.originals.store ?? (/^postgres(ql)?:/i.test(cfg.catalog.url ?? '') ? 'object-store' : 'workspace');
}

export interface OpenedOriginals {
  originals: OriginalsStore;
  /** Set when the originals are staged in an object store. */
  staged?: ObjectStoreOriginals;
  /** Closes the object store if this call opened it (not one passed in). */
  close(): void;
}

/**
 * The one place that decides where originals live, for ingest, the pipeline and workers alike.
 * Staged originals go to the archive's object store (`archive` / `--archive`): pass it when the
 * caller has it open already, else it is opened here.
 */
export function openOriginals(cfg: OriginalsConfig, opts: { store?: ObjectStore } = {}): OpenedOriginals {
  if (originalsStoreKind(cfg) === 'workspace') return { originals: workspaceOriginals(cfg.workspace), close: () => undefined };
  if (!cfg.originals.store && !cfg.archive) {
    // The default archive is a folder of this machine: workers elsewhere could not read it.
    throw new ConfigError('Expected an archive every machine can reach for the staged originals of a shared catalog, got the workspace folder', {
      hint: 'Set archive (or --archive s3://bucket/prefix) in the config of every desk and worker, or set originals.store to "workspace" for a single machine.',
    });
  }
  const store = opts.store ?? openObjectStore(cfg.archive, cfg);
  const staged = new ObjectStoreOriginals(store, cfg.originals.stagingPrefix, path.join(cfg.workspace, 'cache', 'originals'));
  return { originals: staged, staged, close: () => (opts.store ? undefined : store.close()) };
}
