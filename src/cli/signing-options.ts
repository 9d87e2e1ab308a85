import { Option, type Command } from 'commander';
import type { Opts } from './main.js';
import { COPY_TYPES } from '../config/schema.js';

/** Signing flags shared by `sign` and `run`; each is also a `sign.*` config key (flags win). */
export function addSigningOptions(cmd: Command): Command {
  return cmd
    .option('--p12 <file>', 'PKCS#12 file with the key and certificate chain')
    .option('--passphrase-env <var>', 'environment variable holding the P12 passphrase')
    .option('--passphrase-file <file>', 'file holding the P12 passphrase')
    .option('--pkcs11-module <lib>', 'PKCS#11 module of the token (.so)')
    .option('--token-label <label>', 'PKCS#11 token label')
    .option('--key-label <label>', 'PKCS#11 private key label')
    .option('--pin-env <var>', 'environment variable holding the token PIN')
    .option('--pin-file <file>', 'file holding the token PIN')
    .option('--tsa <url>', 'RFC 3161 time-stamp authority (PAdES B-T)')
    .addOption(new Option('--appearance <kind>', 'visible box (copy), invisible (none), or with the agency seal (seal)').choices(['copy', 'none', 'seal']))
    .addOption(new Option('--copy-type <type>', 'copy type shown in the box (default SAO Y)').choices([...COPY_TYPES]))
    .option('--agency <name>', 'copying agency shown in the box')
    .option('--seal <png>', 'transparent PNG of the agency seal, for --appearance seal')
    .option('--allow-expired', 'sign even with an expired or not yet valid certificate');
}

const SIGN_KEYS = ['p12', 'passphraseEnv', 'passphraseFile', 'pkcs11Module', 'tokenLabel', 'keyLabel', 'pinEnv', 'pinFile', 'tsa', 'agency', 'copyType', 'appearance', 'seal', 'allowExpired'];

/** Maps the flags above onto the config's `sign` section. */
export function signConfig(opts: Opts): Record<string, unknown> {
  const sign: Record<string, unknown> = {};
  for (const k of SIGN_KEYS) if (opts[k] !== undefined) sign[k] = opts[k];
  return Object.keys(sign).length ? { sign } : {};
}
