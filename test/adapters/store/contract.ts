import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestFile, digestStream, sha256Hex } from '../../../src/adapters/store/hash.js';
import { ConfigError, StorageError, UsageError } from '../../../src/errors.js';
import { ObjectExistsError, type ObjectStore } from '../../../src/ports/object-store.js';
import { tempDir } from '../../helpers/cli.js';

export interface ContractSubject {
  name: string;
  /** A fresh, empty store (and a disposer). */
  open(): Promise<{ store: ObjectStore; dispose(): Promise<void> }>;
  /** Size from which `put` goes in parts (undefined: never). */
  multipartFrom?: number;
}

const bytesOf = (s: string) => Buffer.from(s, 'utf8');

/** The behaviour every ObjectStore must have, run against each adapter. */
export function objectStoreContract(subject: ContractSubject): void {
  describe(`ObjectStore contract: ${subject.name}`, () => {
    let store: ObjectStore;
    let dispose: () => Promise<void>;
    const work = tempDir('sohoa-contract-');

    beforeAll(async () => {
      ({ store, dispose } = await subject.open());
    });
    afterAll(async () => {
      store.close();
      await dispose();
    });

    it('puts bytes and reads back the same size, SHA-256 and content', async () => {
      const data = bytesOf('{"hello":"xin chào"}\n');
      const r = await store.put('a/b/one.json', { bytes: data, size: data.length, sha256: sha256Hex(data) }, { contentType: 'application/json' });
      expect(r).toMatchObject({ key: 'a/b/one.json', size: data.length, sha256: sha256Hex(data), multipart: false });
      const head = await store.head('a/b/one.json');
      expect(head).toMatchObject({ key: 'a/b/one.json', size: data.length, sha256: sha256Hex(data) });
      const back = await digestStream((await store.get('a/b/one.json'))!);
      expect(back.sha256).toBe(sha256Hex(data));
    });

    it('streams a file up, under a Vietnamese key', async () => {
      const file = path.join(work, 'doc.pdf');
      writeFileSync(file, Buffer.concat([bytesOf('%PDF-1.7\n'), randomBytes(300 * 1024)]));
      const d = await digestFile(file, store.partSize, true);
      const key = '84/842/84001/2024/Trà-Vinh-0001/ho-so/doc-1.pdf';
      const r = await store.put(key, { file, size: d.size, sha256: d.sha256, md5: d.md5 }, { contentType: 'application/pdf' });
      expect(r.sha256).toBe(d.sha256);
      expect((await store.head(key))?.size).toBe(d.size);
      expect((await digestStream((await store.get(key))!)).sha256).toBe(d.sha256);
    });

    it('reports a missing key as undefined, for head and get', async () => {
      expect(await store.head('nope/none.pdf')).toBeUndefined();
      expect(await store.get('nope/none.pdf')).toBeUndefined();
    });

    it('never overwrites: a second put at a key fails and the first content stays', async () => {
      const first = bytesOf('first');
      const second = bytesOf('second, longer');
      await store.put('keep/me.txt', { bytes: first, size: first.length, sha256: sha256Hex(first) }, { contentType: 'text/plain' });
      await expect(
        store.put('keep/me.txt', { bytes: second, size: second.length, sha256: sha256Hex(second) }, { contentType: 'text/plain' }),
      ).rejects.toBeInstanceOf(ObjectExistsError);
      const head = await store.head('keep/me.txt');
      expect(head).toMatchObject({ size: first.length, sha256: sha256Hex(first) });
      expect((await digestStream((await store.get('keep/me.txt'))!)).sha256).toBe(sha256Hex(first));
    });

    it('lists what it holds, without its own metadata files', async () => {
      const keys: string[] = [];
      for await (const o of store.list()) keys.push(o.key);
      expect(keys.sort()).toEqual(['84/842/84001/2024/Trà-Vinh-0001/ho-so/doc-1.pdf', 'a/b/one.json', 'keep/me.txt'].sort());
      const under: string[] = [];
      for await (const o of store.list('a')) under.push(o.key);
      expect(under).toEqual(['a/b/one.json']);
      for await (const o of store.list('a/b/one.json')) under.push(o.key);
      for await (const o of store.list('nothing/here')) under.push(o.key);
      expect(under).toEqual(['a/b/one.json']);
    });

    it('deletes an object with its metadata, and deleting what is not there is no error', async () => {
      const data = bytesOf('staged, then let go');
      await store.put('gone/soon.bin', { bytes: data, size: data.length, sha256: sha256Hex(data) }, { contentType: 'application/octet-stream' });
      await store.delete('gone/soon.bin');
      expect(await store.head('gone/soon.bin')).toBeUndefined();
      expect(await store.get('gone/soon.bin')).toBeUndefined();
      await store.delete('gone/soon.bin');
      // The key is free again: a new put there works.
      await store.put('gone/soon.bin', { bytes: data, size: data.length, sha256: sha256Hex(data) }, { contentType: 'application/octet-stream' });
      expect((await store.head('gone/soon.bin'))?.sha256).toBe(sha256Hex(data));
      await store.delete('gone/soon.bin');
    });

    it('rejects keys that could escape the prefix', async () => {
      const data = bytesOf('x');
      for (const key of ['../up.pdf', '/abs.pdf', 'a//b.pdf', 'a/./b.pdf', 'a/.hidden']) {
        await expect(store.put(key, { bytes: data, size: 1, sha256: sha256Hex(data) }, { contentType: 'text/plain' })).rejects.toBeInstanceOf(UsageError);
      }
    });

    it('refuses retention it cannot enforce, with a clear error, and writes nothing', async () => {
      const data = bytesOf('locked');
      const retention = { mode: 'GOVERNANCE' as const, retainUntil: new Date(Date.now() + 86_400_000) };
      await expect(store.assertRetentionSupported()).rejects.toBeInstanceOf(ConfigError);
      await expect(
        store.put('locked/one.txt', { bytes: data, size: data.length, sha256: sha256Hex(data) }, { contentType: 'text/plain', retention }),
      ).rejects.toThrow(/retention|Object Lock/i);
      expect(await store.head('locked/one.txt')).toBeUndefined();
    });

    it('refuses a source that changed after it was hashed, and leaves nothing at the key', async () => {
      const data = bytesOf('the real bytes');
      const before = bytesOf('the bytes once hashed');
      const md5 = createHash('md5').update(before).digest('hex');
      const err = await store
        .put('lie/one.txt', { bytes: data, size: data.length, sha256: sha256Hex(before), md5 }, { contentType: 'text/plain' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(await store.head('lie/one.txt')).toBeUndefined();
    });

    it.runIf(subject.multipartFrom !== undefined)('uploads a large file in parts and verifies it', async () => {
      const file = path.join(work, 'big.pdf');
      writeFileSync(file, randomBytes(subject.multipartFrom! + 7 * 1024 * 1024 + 123));
      const d = await digestFile(file, store.partSize);
      const r = await store.put('big/one.pdf', { file, ...d }, { contentType: 'application/pdf' });
      expect(r.multipart).toBe(true);
      expect(await store.head('big/one.pdf')).toMatchObject({ size: d.size, sha256: d.sha256 });
      expect((await digestStream((await store.get('big/one.pdf'))!)).sha256).toBe(d.sha256);
    });
  });
}
