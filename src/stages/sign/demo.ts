import crypto from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../util/fs.js';
import { issueCertificate, toP12 } from './pki.js';

export interface DemoP12 {
  p12Path: string;
  passphrase: string;
  /** The passphrase, also written to a 0600 file, for `sign.passphraseFile` (the P12 is 0600 too). */
  passphraseFile: string;
}

/**
 * A self-signed DEMO certificate in a P12, for `sohoa demo`. Its subject says DEMO so that
 * nobody mistakes the signed samples for real agency signatures. Needs only Node.
 */
export async function createDemoP12(dir: string): Promise<DemoP12> {
  const ca = issueCertificate({ subject: { CN: 'sohoa DEMO CA - not for real use', O: 'sohoa DEMO', C: 'VN' }, ca: true });
  const leaf = issueCertificate({
    subject: { CN: 'DEMO - UBND xã Mẫu (chữ ký thử)', O: 'sohoa DEMO', C: 'VN' },
    issuer: ca,
    notAfter: new Date(Date.now() + 365 * 86400_000),
  });
  const passphrase = crypto.randomBytes(12).toString('base64url');
  const p12Path = path.join(dir, 'demo-signer.p12');
  const passphraseFile = path.join(dir, 'demo-signer.pass');
  // Secrets, even DEMO ones: a folder only the user can enter, files only the user can read.
  // (A folder that already existed is the caller's: its mode is left alone.)
  if (await mkdir(dir, { recursive: true, mode: 0o700 })) await chmod(dir, 0o700);
  await writeFileAtomic(p12Path, toP12(leaf, [ca], passphrase, 'sohoa DEMO'), { mode: 0o600 });
  await writeFileAtomic(passphraseFile, passphrase + '\n', { mode: 0o600 });
  return { p12Path, passphrase, passphraseFile };
}
