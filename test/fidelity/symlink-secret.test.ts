import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFiles, makeBench, page } from './helpers.js';

/**
 * Issue 16, case 3: a manifest row pointing at a symlink to a passphrase file was rejected as
 * "bad-magic" with the file's first 16 bytes quoted: the passphrase, in the log and the catalog.
 */
const PASSPHRASE = 'Tr4Vinh-s3cret-PIN-0042';

describe('hostile input: symlinks and secrets', () => {
  it('refuses symlinks and paths outside the inbox in a manifest, and never echoes a byte of what it rejects', async () => {
    const b = await makeBench('symlink');
    const secret = path.join(b.dir, 'signer.pass');
    writeFileSync(secret, PASSPHRASE + '\n');
    b.put('scans/good.png', await page(1));
    symlinkSync(secret, path.join(b.inbox, 'scans', 'cccd.jpg'));
    // A regular file that is not a scan: described, never quoted.
    b.put('scans/notes.jpg', PASSPHRASE);
    writeFileSync(
      path.join(b.inbox, 'manifest.csv'),
      'file,unit_code,dossier_code,kind,document\n' +
        'scans/good.png,29236,HS-OK,ho-so,don\n' +
        'scans/cccd.jpg,29236,HS-LINK,ho-so,cccd\n' +
        '../signer.pass,29236,HS-OUT,ho-so,pass\n' +
        'scans/notes.jpg,29236,HS-TEXT,ho-so,notes\n',
    );
    const res = await b.cli(['--verbose', 'ingest', b.inbox, '--settle-seconds', '0', '--json']);
    expect(res.code, res.stderr).toBe(2);
    const out = JSON.parse(res.stdout) as { registered: Array<{ dossierCode: string }>; rejected: Array<{ file: string; reason: string; message: string }> };
    expect(out.registered.map((d) => d.dossierCode)).toEqual(['HS-OK']);
    const reasons = Object.fromEntries(out.rejected.map((r) => [path.basename(r.file), r.reason]));
    expect(reasons).toEqual({ 'cccd.jpg': 'symlink', 'signer.pass': 'outside-inbox', 'notes.jpg': 'bad-magic' });
    expect(out.rejected.find((r) => r.reason === 'bad-magic')!.message).toContain('a text file');

    // Nothing leaked: not in stdout or stderr, not in the catalog (with its WAL), not in the originals store.
    const leaks = [res.stdout, res.stderr, ...allFiles(b.ws).map((f) => readFileSync(f).toString('latin1'))];
    for (const text of leaks) {
      expect(text).not.toContain(PASSPHRASE.slice(0, 8));
    }
  });

  it('refuses symlinked files and folders in the folder layout, with the same reason, and keeps the rest', async () => {
    const b = await makeBench('symlink-layout');
    const elsewhere = path.join(b.dir, 'elsewhere');
    mkdirSync(path.join(elsewhere, 'ho-so'), { recursive: true });
    writeFileSync(path.join(elsewhere, 'ho-so', 'key.png'), PASSPHRASE);
    b.put('29236/HS-1/ho-so/don_p1.png', await page(1));
    symlinkSync(path.join(b.dir, 'signer.p12'), path.join(b.inbox, '29236/HS-1/ho-so/don_p2.png'));
    b.put('29236/HS-2/ho-so/to-khai.png', await page(2));
    symlinkSync(elsewhere, path.join(b.inbox, '29236', 'HS-3'));
    const res = await b.cli(['ingest', b.inbox, '--settle-seconds', '0', '--json']);
    expect(res.code, res.stderr).toBe(2);
    const out = JSON.parse(res.stdout) as { registered: Array<{ dossierCode: string }>; rejected: Array<{ file: string; reason: string }> };
    // The document with a linked page is refused whole (never archived a page short).
    expect(out.registered.map((d) => d.dossierCode)).toEqual(['HS-2']);
    expect(out.rejected.map((r) => [path.relative(b.inbox, r.file), r.reason]).sort()).toEqual([
      ['29236/HS-1/ho-so/don_p2.png', 'symlink'],
      ['29236/HS-3', 'symlink'],
    ]);
    for (const f of allFiles(b.ws)) expect(readFileSync(f).toString('latin1')).not.toContain(PASSPHRASE.slice(0, 8));
  });
});
