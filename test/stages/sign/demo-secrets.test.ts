/** Issue 16 case 7: the secrets `sohoa demo` writes are readable by their owner only. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoP12 } from '../../../src/stages/sign/demo.js';
import { tempDir } from '../../helpers/cli.js';

describe('demo secrets', () => {
  it('writes the demo P12 and its passphrase file with mode 0600, in a 0700 folder', async () => {
    const old = process.umask(0o022); // a typical umask, under which files are world-readable by default
    try {
      const dir = path.join(tempDir(), 'keys');
      const key = await createDemoP12(dir);
      expect(statSync(key.p12Path).mode & 0o777).toBe(0o600);
      expect(statSync(key.passphraseFile).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(old);
    }
  });
});
