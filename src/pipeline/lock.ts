import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LockError } from '../errors.js';

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface WorkspaceLock {
  readonly file: string;
  /** A lock left by a dead process that this one took over, if any. */
  readonly tookOver?: LockInfo;
  release(): Promise<void>;
}

export const LOCK_FILE = 'run.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/**
 * Takes the workspace's run lock: an exclusive-create file holding the owner's pid. A second
 * run gets LockError (exit 11) naming the holder; a lock whose process is gone (on this host)
 * is taken over.
 */
export async function acquireLock(workspace: string, command: string): Promise<WorkspaceLock> {
  await fsp.mkdir(workspace, { recursive: true });
  const file = path.join(workspace, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, host: os.hostname(), command, since: new Date().toISOString() };
  let tookOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await fsp.open(file, 'wx');
      await fh.writeFile(JSON.stringify(me));
      await fh.sync();
      await fh.close();
      return {
        file,
        tookOver,
        async release() {
          const cur = await readLock(file);
          if (cur?.pid === me.pid && cur.since === me.since) await fsp.rm(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readLock(file);
    if (holder && holder.host === me.host && !alive(holder.pid)) {
      // Stale: move it aside atomically, so two runs cannot both take it over.
      const aside = `${file}.stale.${process.pid}`;
      try {
        await fsp.rename(file, aside);
        await fsp.rm(aside, { force: true });
        tookOver = holder;
      } catch {
        // someone else moved it first; try again
      }
      continue;
    }
    if (!holder) {
      // Being written right now by another process, or unreadable: treat as held.
      throw new LockError(`Another run holds the lock ${file}`, {
        hint: 'Wait for it to finish; remove the file only if no sohoa is running.',
        key: 'pipeline.lockBusy',
        params: { file },
        hintKey: 'pipeline.lockBusyHint',
      });
    }
    throw new LockError(`Another run holds the workspace lock: pid ${holder.pid} on ${holder.host} (${holder.command}), since ${holder.since}`, {
      hint: `Wait for it to finish, or stop it (kill ${holder.pid}). A lock left by a dead process is taken over automatically.`,
      key: 'lock.held',
      params: { pid: holder.pid, host: holder.host, command: holder.command, since: holder.since },
      hintKey: 'lock.heldHint',
      hintParams: { pid: holder.pid },
    });
  }
  throw new LockError(`Could not take the workspace lock ${file}`, {
    hint: 'Another run is starting at the same moment; try again.',
    key: 'pipeline.lockRace',
    params: { file },
    hintKey: 'pipeline.lockRaceHint',
  });
}
