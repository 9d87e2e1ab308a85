import crypto, { type KeyObject } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { SigningError } from '../../errors.js';
import type { Signer, SignerCheckOptions, SignerCheckResult } from '../../ports/signer.js';
import { checkCertificate, maxSigLength, orderChain } from './common.js';

/**
 * A Signer over a PKCS#12 file. forge only unpacks the file (forge 1.4 needs a binary
 * string, not a Buffer); signing uses Node's OpenSSL, about 100 times faster than forge.
 */
export class P12Signer implements Signer {
  readonly keyType: 'rsa' | 'ec';
  readonly maxSignatureLength: number;
  private constructor(
    private readonly key: KeyObject,
    readonly certificate: Buffer,
    readonly chain: Buffer[],
    private readonly source: string,
  ) {
    const s = maxSigLength(certificate);
    this.keyType = s.keyType;
    this.maxSignatureLength = s.max;
  }

  static async open(file: string, passphrase: string): Promise<P12Signer> {
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(file);
    } catch (e) {
      throw new SigningError(`Cannot read the PKCS#12 file ${file}: ${(e as Error).message}`, { cause: e, file, key: 'sign.err.p12Unreadable', params: { file, detail: (e as Error).message } });
    }
    return P12Signer.fromBytes(bytes, passphrase, `PKCS#12 file ${path.basename(file)}`);
  }

  static fromBytes(bytes: Uint8Array, passphrase: string, source = 'PKCS#12'): P12Signer {
    let p12: forge.pkcs12.Pkcs12Pfx;
    const binary = Buffer.from(bytes).toString('binary');
    try {
      try {
        p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(binary), false, passphrase);
      } catch (e) {
        // PBES2 (OpenSSL 3's default) derives keys from the UTF-8 bytes of the passphrase, while
        // the MAC uses its UTF-16 form; forge uses the JS string for both, which only works for
        // ASCII. The MAC passed above, so decrypt again with the UTF-8 bytes and the MAC removed.
        if (/MAC/.test((e as Error).message) || /^[\x00-\x7f]*$/.test(passphrase)) throw e;
        const asn1 = forge.asn1.fromDer(binary);
        (asn1.value as forge.asn1.Asn1[]).length = 2;
        p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, forge.util.encodeUtf8(passphrase));
      }
    } catch (e) {
      const msg = (e as Error).message ?? '';
      if (/password|MAC|decrypt/i.test(msg))
        throw new SigningError(`Wrong passphrase for the ${source}`, {
          cause: e,
          hint: 'Check the variable named by --passphrase-env or the file given with --passphrase-file.',
          key: 'sign.err.wrongPassphrase',
          params: { source },
          hintKey: 'sign.err.wrongPassphraseHint',
        });
      throw new SigningError(`Expected a PKCS#12 (.p12/.pfx) file for the ${source}, but it does not parse: ${msg}`, { cause: e, key: 'sign.err.p12Parse', params: { source, detail: msg } });
    }
    const keys: KeyObject[] = [];
    const certs: Buffer[] = [];
    for (const sc of p12.safeContents) {
      for (const bag of sc.safeBags) {
        const b = bag as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 };
        if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
          if (bag.key) keys.push(crypto.createPrivateKey(forge.pki.privateKeyToPem(bag.key)));
          else if (b.asn1) keys.push(crypto.createPrivateKey({ key: Buffer.from(forge.asn1.toDer(b.asn1).getBytes(), 'binary'), format: 'der', type: 'pkcs8' }));
        } else if (bag.type === forge.pki.oids.certBag) {
          const a = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : b.asn1;
          if (a) certs.push(Buffer.from(forge.asn1.toDer(a).getBytes(), 'binary'));
        }
      }
    }
    if (keys.length === 0) throw new SigningError(`The ${source} holds no private key`, { hint: 'Export the P12 with its private key.', key: 'sign.err.p12NoKey', params: { source }, hintKey: 'sign.err.p12NoKeyHint' });
    // The signer certificate is the one whose public key matches the private key.
    for (const key of keys) {
      const spki = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
      const leaf = certs.find((c) => new crypto.X509Certificate(c).publicKey.export({ type: 'spki', format: 'der' }).equals(spki));
      if (leaf) return new P12Signer(key, leaf, orderChain(leaf, certs), source);
    }
    throw new SigningError(`The ${source} holds no certificate for its private key`, { key: 'sign.err.p12NoCert', params: { source } });
  }

  async sign(data: Buffer): Promise<Buffer> {
    return crypto.sign('sha256', data, this.key);
  }

  async check(opts?: SignerCheckOptions): Promise<SignerCheckResult> {
    return checkCertificate(this.certificate, this.source, opts);
  }

  async close(): Promise<void> {}
}
