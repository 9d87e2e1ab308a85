import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsObjectStore, openObjectStore } from '../../../src/adapters/store/index.js';
import { sha256Hex } from '../../../src/adapters/store/hash.js';
import { tempDir } from '../../helpers/cli.js';
import { objectStoreContract } from './contract.js';

objectStoreContract({
  name: 'file store',
  open: async () => ({ store: new FsObjectStore(path.join(tempDir('sohoa-fs-store-'), 'archive')), dispose: async () => {} }),
});

describe('file store specifics', () => {
  it('is the default archive, under the workspace', () => {
    const ws = tempDir();
    const store = openObjectStore(undefined, { workspace: ws, archive: undefined, s3: {} as never });
    expect(store.kind).toBe('file');
    expect(store.url).toBe(`file://${path.join(ws, 'archive')}`);
  });

  it('leaves no temporary file behind and makes objects read-only', async () => {
    const root = tempDir();
    const store = new FsObjectStore(root);
    const data = Buffer.from('abc');
    await store.put('x/y.pdf', { bytes: data, size: 3, sha256: sha256Hex(data) }, { contentType: 'application/pdf' });
    expect(readdirSync(path.join(root, 'x')).sort()).toEqual(['.y.pdf.meta.json', 'y.pdf']);
    expect(statSync(path.join(root, 'x', 'y.pdf')).mode & 0o222).toBe(0);
  });
});
