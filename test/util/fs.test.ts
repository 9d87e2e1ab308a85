import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/fs.js';
import { tempDir } from '../helpers/cli.js';

describe('writeFileAtomic', () => {
  it('creates a missing folder on the first write, reuses it after, and leaves no temporary files', async () => {
    const dir = path.join(tempDir(), 'a', 'b');
    await writeFileAtomic(path.join(dir, 'one.pdf'), 'first');
    await writeFileAtomic(path.join(dir, 'two.pdf'), 'second');
    await writeFileAtomic(path.join(dir, 'one.pdf'), 'replaced');
    expect(readdirSync(dir).sort()).toEqual(['one.pdf', 'two.pdf']);
    expect(readFileSync(path.join(dir, 'one.pdf'), 'utf8')).toBe('replaced');
  });

  it('creates a secret with its mode', async () => {
    const file = path.join(tempDir(), 'new', 'secret.pass');
    await writeFileAtomic(file, 'x', { mode: 0o600 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('fails with the error of the folder when it cannot be a folder', async () => {
    const dir = tempDir();
    await writeFileAtomic(path.join(dir, 'file'), 'x');
    await expect(writeFileAtomic(path.join(dir, 'file', 'inside.pdf'), 'y')).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
