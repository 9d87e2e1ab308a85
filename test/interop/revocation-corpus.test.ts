import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED, runCli } from '../helpers/cli.js';

/**
 * Offline revocation on real long-term signatures from the shared corpus (EU DSS test files):
 * the OCSP responses and CRLs their signers embedded years ago must still show the chain
 * unrevoked at the signing time, although every one of them has since expired.
 */
const CORPUS_DIR = path.join(SHARED, 'corpus', 'signatures');
const CORPUS = existsSync(path.join(CORPUS_DIR, 'EXPECTED.md')) ? CORPUS_DIR : undefined;
if (!CORPUS) console.warn(`skipping: the signature corpus is not at ${CORPUS_DIR}`);

describe.skipIf(!CORPUS)('offline revocation on the signature corpus', () => {
  for (const [file, chain] of [
    ['belgian_pki_multiple_ocsps.pdf', ['ocsp', 'ocsp']],
    ['doc-firmado.pdf', ['ocsp', 'crl', 'crl']],
  ] as const) {
    it(`${file}: every certificate of the chain good from embedded data (${chain.join(', ')}), also with --require-revocation`, async () => {
      const r = await runCli(['--json', 'verify', path.join(CORPUS!, file), '--require-revocation']);
      expect(r.code, r.stdout).toBe(0);
      const sig = JSON.parse(r.stdout).files[0].signatures.find((s: { kind: string }) => s.kind === 'signature');
      expect(sig.revocation.status).toBe('good');
      expect(sig.revocation.certificates.map((c: { source: string; origin: string }) => `${c.source}/${c.origin}`)).toEqual(chain.map((s) => `${s}/embedded`));
      // Every piece of that data has expired by now: it counts because it was current at the signing time.
      for (const c of sig.revocation.certificates) expect(Date.parse(c.nextUpdate)).toBeLessThan(Date.now());
    });
  }
});
