import crypto from 'node:crypto';
import path from 'node:path';
import { writeFileAtomic } from '../../util/fs.js';
import { issueCertificate, toP12 } from './pki.js';

export interface DemoP12 {
  p12Path: string;
  passphrase: string;
  /** The passphrase, also written to a 0600 file, for `sign.passphraseFile`. */
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
  await writeFileAtomic(p12Path, toP12(leaf, [ca], passphrase, 'sohoa DEMO'));
  await writeFileAtomic(passphraseFile, passphrase + '\n');
  const { chmod } = await import('node:fs/promises');
  await chmod(passphraseFile, 0o600);
  return { p12Path, passphrase, passphraseFile };
}
