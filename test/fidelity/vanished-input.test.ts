import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBench, page, sha256, sidecars } from './helpers.js';

const storedPath = (ws: string, sha: string) => path.join(ws, 'originals', 'sha256', sha.slice(0, 2), sha.slice(2));

/** Issue 16, case 5: a file deleted after ingest made every nightly run exit 5, with no way to set it aside. */
describe('vanished and altered inputs', () => {
  it('processes from the originals store when the inbox file vanished; a lost or altered original rejects only its document, and a person decides', async () => {
    const b = await makeBench('vanished');
    const a = await page(1);
    const lost = await page(2);
    const altered = await page(3);
    const fileA = b.put('29236/HS-1/ho-so/don.png', a);
    const fileLost = b.put('29236/HS-2/ho-so/don.png', lost);
    const fileAltered = b.put('29236/HS-3/ho-so/don.png', altered);
    const ingest = await b.cli(['ingest', b.inbox, '--settle-seconds', '0', '--json']);
    expect(ingest.code, ingest.stderr).toBe(0);
    const uids = Object.fromEntries(
      (JSON.parse(ingest.stdout) as { registered: Array<{ dossierCode: string; uid: string }> }).registered.map((d) => [d.dossierCode, d.uid]),
    );

    // All three inbox files vanish; one stored original is lost too, another altered.
    for (const f of [fileA, fileLost, fileAltered]) rmSync(f);
    rmSync(storedPath(b.ws, sha256(lost)));
    const alteredStore = storedPath(b.ws, sha256(altered));
    chmodSync(alteredStore, 0o600);
    writeFileSync(alteredStore, Buffer.concat([altered, Buffer.from('tampered')]));

    const run = await b.cli(['--log-format', 'json', 'run', '--settle-seconds', '0', '--p12', b.p12.p12Path, '--passphrase-file', b.p12.passphraseFile, '--agency', 'UBND Phường 4']);
    expect(run.code, run.stderr).toBe(2);
    const rejected = run.stderr
      .split('\n')
      .filter((l) => l.includes('"document-rejected"'))
      .map((l) => JSON.parse(l) as { document: string; reason: string; message: string });
    expect(rejected.map((r) => [r.document, r.reason]).sort()).toEqual([
      [uids['HS-2'], 'missing'],
      [uids['HS-3'], 'hash-mismatch'],
    ]);
    expect(rejected.find((r) => r.reason === 'missing')!.message).toContain(fileLost);
    // Both carry their catalogue text, so the desk reads them in its language.
    expect(rejected.find((r) => r.reason === 'missing')).toMatchObject({ key: 'reject.missing', params: { file: fileLost } });
    expect(rejected.find((r) => r.reason === 'hash-mismatch')).toMatchObject({ key: 'reject.originalAltered', params: { file: fileAltered, actual: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    // Nothing lost that could be kept: HS-1 was archived from the store, with its ingest-time hash.
    expect(sidecars(b.ws).map((s) => [s.document.dossierCode, s.sources[0]!.sha256])).toEqual([['HS-1', sha256(a)]]);

    // The next night is not blocked.
    const again = await b.cli(['run', '--settle-seconds', '0', '--p12', b.p12.p12Path, '--passphrase-file', b.p12.passphraseFile, '--agency', 'UBND Phường 4']);
    expect(again.code, again.stderr).toBe(0);

    // A person decides: HS-3 is set aside; HS-2's scan is found and retried.
    const skip = await b.cli(['documents', 'skip', uids['HS-3']!, '--note', 'altered copy', '--json']);
    expect(skip.code, skip.stderr).toBe(0);
    expect(JSON.parse(skip.stdout)).toMatchObject({ before: 'rejected', after: 'skipped' });
    b.put('29236/HS-2/ho-so/don.png', lost);
    expect((await b.cli(['documents', 'retry', uids['HS-2']!])).code).toBe(0);
    const last = await b.run(); // accepts what the review gate holds, as an archivist would
    expect(last.code, last.stderr).toBe(0);
    expect(sidecars(b.ws).map((s) => s.document.dossierCode).sort()).toEqual(['HS-1', 'HS-2']);
    // Skipped stays skipped, and visible as such.
    const retrySkipped = await b.cli(['documents', 'skip', uids['HS-3']!, '--json']);
    expect(JSON.parse(retrySkipped.stdout)).toMatchObject({ before: 'skipped', after: 'skipped' });
  }, 600_000); // three runs with real OCR on a shared 2-core machine
});
