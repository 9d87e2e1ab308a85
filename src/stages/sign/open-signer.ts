import { promises as fsp } from 'node:fs';
import type { Config } from '../../config/schema.js';
import { SigningError } from '../../errors.js';
import type { Signer, SignerCheckResult } from '../../ports/signer.js';
import { P12Signer } from '../../adapters/signers/p12.js';
import { Pkcs11Signer } from '../../adapters/signers/pkcs11.js';

export type SignConfig = Config['sign'];

/** A secret from an environment variable or a file (trailing newline dropped); never from a flag. */
async function secret(what: string, envName: string | undefined, file: string | undefined, env: NodeJS.ProcessEnv, flags: [string, string]): Promise<string> {
  if (envName) {
    const v = env[envName];
    if (v === undefined) throw new SigningError(`Expected the ${what} in the environment variable ${envName}, but it is not set`, {
        hint: `export ${envName}=… before running sohoa, or use ${flags[1]}.`,
        key: 'sign.secretUnset',
        params: { what, env: envName },
        hintKey: 'sign.secretUnsetHint',
        hintParams: { env: envName, flag: flags[1] },
      });
    return v;
  }
  if (file) {
    try {
      return (await fsp.readFile(file, 'utf8')).replace(/\r?\n$/, '');
    } catch (e) {
      throw new SigningError(`Cannot read the ${what} file ${file}: ${(e as Error).message}`, { cause: e, file, key: 'sign.secretUnreadable', params: { what, file, detail: (e as Error).message } });
    }
  }
  throw new SigningError(`No ${what} given`, {
    hint: `Name an environment variable with ${flags[0]} or a file with ${flags[1]}.`,
    key: 'sign.noSecret',
    params: { what },
    hintKey: 'sign.noSecretHint',
    hintParams: { envFlag: flags[0], fileFlag: flags[1] },
  });
}

/**
 * Opens the configured key: a PKCS#12 file or a PKCS#11 token. Call `check()` on the result
 * before a batch (fail fast), and `close()` at the end.
 */
export async function openSigner(cfg: SignConfig, env: NodeJS.ProcessEnv = process.env): Promise<Signer> {
  if (cfg.p12 && cfg.pkcs11Module) throw new SigningError('Give either a PKCS#12 file or a PKCS#11 module, not both', { key: 'sign.err.p12AndPkcs11' });
  if (cfg.p12) {
    const pass = await secret('P12 passphrase', cfg.passphraseEnv, cfg.passphraseFile, env, ['--passphrase-env', '--passphrase-file']);
    return P12Signer.open(cfg.p12, pass);
  }
  if (cfg.pkcs11Module) {
    if (!cfg.tokenLabel || !cfg.keyLabel) throw new SigningError('A PKCS#11 key needs --token-label and --key-label', { key: 'sign.err.pkcs11Labels' });
    const pin = await secret('token PIN', cfg.pinEnv, cfg.pinFile, env, ['--pin-env', '--pin-file']);
    return Pkcs11Signer.open({ module: cfg.pkcs11Module, tokenLabel: cfg.tokenLabel, keyLabel: cfg.keyLabel, pin });
  }
  throw new SigningError('No signing key configured', { key: 'sign.noKey', hintKey: 'sign.noKeyHint', hint: 'Give --p12 FILE --passphrase-env VAR, or --pkcs11-module LIB --token-label L --key-label K --pin-env VAR (or sign.* in the config).' });
}

/**
 * The start-up check on its own: open the key (login, find key and certificate), check the
 * certificate's validity, close. For a nightly run that must fail before OCR, not after.
 */
export async function checkSigner(cfg: SignConfig, env: NodeJS.ProcessEnv = process.env): Promise<SignerCheckResult> {
  const signer = await openSigner(cfg, env);
  try {
    return await signer.check({ allowExpired: cfg.allowExpired });
  } finally {
    await signer.close();
  }
}
