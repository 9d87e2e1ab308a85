import path from 'node:path';
import type { OriginalsStore } from '../../ports/originals.js';
import { FsOriginals } from './fs-originals.js';

export { FsOriginals, READ_NO_FOLLOW } from './fs-originals.js';

/** The originals store of a workspace: `<workspace>/originals/sha256/ab/cdef…`. */
export function workspaceOriginals(workspace: string): OriginalsStore {
  return new FsOriginals(path.join(workspace, 'originals'));
}
