import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Pkcs11Types from 'pkcs11js';
import { SigningError } from '../../errors.js';
import type { Signer, SignerCheckOptions, SignerCheckResult } from '../../ports/signer.js';
import { checkCertificate, ecdsaRawToDer, maxSigLength, orderChain } from './common.js';

const require = createRequire(import.meta.url);

export interface Pkcs11Options {
  module: string;
  tokenLabel: string;
  keyLabel: string;
  pin: string;
}

// DigestInfo prefix for SHA-256 (RFC 8017 9.2), for tokens without CKM_SHA256_RSA_PKCS.
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * A Signer over a PKCS#11 token (Vietnamese CA USB tokens, SoftHSM2). The key never leaves
 * the token. A wrong PIN is reported at once and never retried: tokens lock after a few.
 */
export class Pkcs11Signer implements Signer {
  readonly keyType: 'rsa' | 'ec';
  readonly maxSignatureLength: number;
  private closed = false;
  private mechanism: number;

  private constructor(
    private readonly p: Pkcs11Types.PKCS11,
    private readonly session: Buffer,
    private readonly key: Buffer,
    readonly certificate: Buffer,
    readonly chain: Buffer[],
    private readonly source: string,
  ) {
    const s = maxSigLength(certificate);
    this.keyType = s.keyType;
    this.maxSignatureLength = s.max;
    const g = require('pkcs11js') as typeof Pkcs11Types;
    this.mechanism = s.keyType === 'ec' ? g.CKM_ECDSA : g.CKM_SHA256_RSA_PKCS;
  }

  static async open(o: Pkcs11Options): Promise<Pkcs11Signer> {
    let g: typeof Pkcs11Types;
    try {
      g = require('pkcs11js') as typeof Pkcs11Types;
    } catch (e) {
      throw new SigningError('The pkcs11js module is not available', { cause: e, hint: 'Reinstall sohoa with its optional native modules.', key: 'sign.err.noPkcs11js', hintKey: 'sign.err.noPkcs11jsHint' });
    }
    const p = new g.PKCS11();
    try {
      p.load(o.module);
    } catch (e) {
      throw new SigningError(`Cannot load the PKCS#11 module ${o.module}: ${(e as Error).message}`, {
        cause: e,
        hint: 'Give the token vendor\'s .so with --pkcs11-module (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so).',
        key: 'sign.err.pkcs11Load',
        params: { module: o.module, detail: (e as Error).message },
        hintKey: 'sign.err.pkcs11LoadHint',
      });
    }
    const source = `PKCS#11 token "${o.tokenLabel}" key "${o.keyLabel}"`;
    let session: Buffer | undefined;
    try {
      p.C_Initialize();
      const labels: string[] = [];
      let slot: Buffer | undefined;
      for (const s of p.C_GetSlotList(true)) {
        const label = p.C_GetTokenInfo(s).label.trim();
        labels.push(label);
        if (label === o.tokenLabel) slot = s;
      }
      if (!slot)
        throw new SigningError(`No PKCS#11 token labelled "${o.tokenLabel}" (found: ${labels.length ? labels.map((l) => `"${l}"`).join(', ') : 'no token'})`, {
          hint: 'Plug in the token, or check --token-label.',
          key: 'sign.err.noToken',
          params: { label: o.tokenLabel, found: labels.length ? labels.map((l) => `"${l}"`).join(', ') : '—' },
          hintKey: 'sign.err.noTokenHint',
        });
      session = p.C_OpenSession(slot, g.CKF_SERIAL_SESSION);
      try {
        p.C_Login(session, g.CKU_USER, o.pin);
      } catch (e) {
        const code = (e as { code?: number }).code;
        if (code === g.CKR_PIN_INCORRECT)
          throw new SigningError(`Wrong PIN for ${source}; not retried, because tokens lock after a few wrong PINs`, {
            cause: e,
            hint: 'Check the variable named by --pin-env or the file given with --pin-file.',
            key: 'sign.err.wrongPin',
            params: { source },
            hintKey: 'sign.err.wrongPinHint',
          });
        if (code === g.CKR_PIN_LOCKED) throw new SigningError(`The PIN of ${source} is locked`, { cause: e, hint: 'Unlock it with the token tool (SO PIN).', key: 'sign.err.pinLocked', params: { source }, hintKey: 'sign.err.pinLockedHint' });
        if (code !== g.CKR_USER_ALREADY_LOGGED_IN) throw e;
      }
      const find = (template: Pkcs11Types.Template): Buffer[] => {
        p.C_FindObjectsInit(session!, template);
        const found = p.C_FindObjects(session!, 64);
        p.C_FindObjectsFinal(session!);
        return found;
      };
      const [key] = find([{ type: g.CKA_CLASS, value: g.CKO_PRIVATE_KEY }, { type: g.CKA_LABEL, value: o.keyLabel }]);
      if (!key) throw new SigningError(`No private key labelled "${o.keyLabel}" on token "${o.tokenLabel}"`, {
          hint: 'Check --key-label (pkcs11-tool --list-objects shows the labels).',
          key: 'sign.err.noPrivateKey',
          params: { key: o.keyLabel, token: o.tokenLabel },
          hintKey: 'sign.err.noPrivateKeyHint',
        });
      const attrs = p.C_GetAttributeValue(session, key, [{ type: g.CKA_ID }]);
      const id = attrs[0]?.value as Buffer | undefined;
      const certValue = (h: Buffer) => p.C_GetAttributeValue(session!, h, [{ type: g.CKA_VALUE }])[0]!.value as Buffer;
      let [certH] = id && id.length ? find([{ type: g.CKA_CLASS, value: g.CKO_CERTIFICATE }, { type: g.CKA_ID, value: id }]) : [];
      certH ??= find([{ type: g.CKA_CLASS, value: g.CKO_CERTIFICATE }, { type: g.CKA_LABEL, value: o.keyLabel }])[0];
      if (!certH) throw new SigningError(`No certificate for key "${o.keyLabel}" on token "${o.tokenLabel}"`, {
          hint: 'Import the certificate with the same CKA_ID as the key.',
          key: 'sign.err.noTokenCert',
          params: { key: o.keyLabel, token: o.tokenLabel },
          hintKey: 'sign.err.noTokenCertHint',
        });
      const cert = Buffer.from(certValue(certH));
      const others = find([{ type: g.CKA_CLASS, value: g.CKO_CERTIFICATE }]).map((h) => Buffer.from(certValue(h)));
      return new Pkcs11Signer(p, session, key, cert, orderChain(cert, others), source);
    } catch (e) {
      try {
        if (session) p.C_CloseSession(session);
        p.C_Finalize();
      } catch {
        // already failing; the first error is the useful one
      }
      if (e instanceof SigningError) throw e;
      throw new SigningError(`PKCS#11 error on ${source}: ${(e as Error).message}`, { cause: e });
    }
  }

  async sign(data: Buffer): Promise<Buffer> {
    const g = require('pkcs11js') as typeof Pkcs11Types;
    const out = Buffer.alloc(1024);
    try {
      if (this.keyType === 'ec') {
        this.p.C_SignInit(this.session, { mechanism: g.CKM_ECDSA }, this.key);
        const digest = crypto.createHash('sha256').update(data).digest();
        return ecdsaRawToDer(Buffer.from(this.p.C_Sign(this.session, digest, out)));
      }
      if (this.mechanism === g.CKM_SHA256_RSA_PKCS) {
        try {
          this.p.C_SignInit(this.session, { mechanism: g.CKM_SHA256_RSA_PKCS }, this.key);
          return Buffer.from(this.p.C_Sign(this.session, data, out));
        } catch (e) {
          if ((e as { code?: number }).code !== g.CKR_MECHANISM_INVALID) throw e;
          this.mechanism = g.CKM_RSA_PKCS;
        }
      }
      this.p.C_SignInit(this.session, { mechanism: g.CKM_RSA_PKCS }, this.key);
      const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, crypto.createHash('sha256').update(data).digest()]);
      return Buffer.from(this.p.C_Sign(this.session, digestInfo, out));
    } catch (e) {
      throw new SigningError(`The token refused to sign (${this.source}): ${(e as Error).message}`, { cause: e });
    }
  }

  async check(opts?: SignerCheckOptions): Promise<SignerCheckResult> {
    return checkCertificate(this.certificate, this.source, opts);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const step of [() => this.p.C_Logout(this.session), () => this.p.C_CloseSession(this.session), () => this.p.C_Finalize()]) {
      try {
        step();
      } catch {
        // closing is best effort: a session already gone must not hide the real result
      }
    }
  }
}
