import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE } from '../../src/pipeline/lock.js';
import { LockError, ExitCode } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

/** A pid that surely belongs to no running process: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('close', r));
  return child.pid!;
}

describe('workspace lock', () => {
  it('lets one holder in and names it to the next', async () => {
    const ws = tempDir();
    const lock = await acquireLock(ws, 'sohoa run');
    const err = await acquireLock(ws, 'sohoa run').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockError);
    expect((err as LockError).exitCode).toBe(ExitCode.Locked);
    expect((err as LockError).message).toContain(`pid ${process.pid}`);
    expect((err as LockError).message).toMatch(/since \d{4}-\d\d-\d\dT/);
    await lock.release();
    expect(existsSync(path.join(ws, LOCK_FILE))).toBe(false);
    const again = await acquireLock(ws, 'sohoa run');
    await again.release();
  });

  it('takes over a lock left by a dead process', async () => {
    const ws = tempDir();
    const pid = await deadPid();
    writeFileSync(path.join(ws, LOCK_FILE), JSON.stringify({ pid, host: os.hostname(), command: 'sohoa run', since: '2026-01-01T00:00:00Z' }));
    const lock = await acquireLock(ws, 'sohoa run');
    expect(lock.tookOver?.pid).toBe(pid);
    expect(JSON.parse(readFileSync(path.join(ws, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('does not release a lock someone else now holds', async () => {
    const ws = tempDir();
    const lock = await acquireLock(ws, 'sohoa run');
    writeFileSync(path.join(ws, LOCK_FILE), JSON.stringify({ pid: 1, host: os.hostname(), command: 'other', since: 'x' }));
    await lock.release();
    expect(existsSync(path.join(ws, LOCK_FILE))).toBe(true);
  });
});
