import { Option, type Command } from 'commander';
import type { Opts } from './main.js';
import { COPY_TYPES } from '../config/schema.js';
import { t } from '../i18n/index.js';

/** Signing flags shared by `sign` and `run`; each is also a `sign.*` config key (flags win). */
export function addSigningOptions(cmd: Command): Command {
  return cmd
    .option('--p12 <file>', t('sign.opt.p12'))
    .option('--passphrase-env <var>', t('sign.opt.passphraseEnv'))
    .option('--passphrase-file <file>', t('sign.opt.passphraseFile'))
    .option('--pkcs11-module <lib>', t('sign.opt.pkcs11Module'))
    .option('--token-label <label>', t('sign.opt.tokenLabel'))
    .option('--key-label <label>', t('sign.opt.keyLabel'))
    .option('--pin-env <var>', t('sign.opt.pinEnv'))
    .option('--pin-file <file>', t('sign.opt.pinFile'))
    .option('--tsa <url>', t('sign.opt.tsa'))
    .addOption(new Option('--appearance <kind>', t('sign.opt.appearance')).choices(['copy', 'none', 'seal']))
    .addOption(new Option('--copy-type <type>', t('sign.opt.copyType')).choices([...COPY_TYPES]))
    .option('--agency <name>', t('sign.opt.agency'))
    .option('--seal <png>', t('sign.opt.seal'))
    .option('--allow-expired', t('sign.opt.allowExpired'));
}

const SIGN_KEYS = ['p12', 'passphraseEnv', 'passphraseFile', 'pkcs11Module', 'tokenLabel', 'keyLabel', 'pinEnv', 'pinFile', 'tsa', 'agency', 'copyType', 'appearance', 'seal', 'allowExpired'];

/** Maps the flags above onto the config's `sign` section. */
export function signConfig(opts: Opts): Record<string, unknown> {
  const sign: Record<string, unknown> = {};
  for (const k of SIGN_KEYS) if (opts[k] !== undefined) sign[k] = opts[k];
  return Object.keys(sign).length ? { sign } : {};
}
