import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { addSigningOptions, signConfig } from '../signing-options.js';
import type { Define, Opts } from '../main.js';
import { StorageError, UsageError } from '../../errors.js';
import { formatDateTime, getLang, t } from '../../i18n/index.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { CliContext } from '../context.js';
import { addBatchOptions, isBatch, signBatchCommand, signOptionsFrom } from './sign-batch.js';
import { extendCommand, levelLabel } from './sign-extend.js';

export function registerSign(program: Command, define: Define): void {
  // Texts are looked up now: main.ts sets the language from --lang / SOHOA_LANG before commands register.
  define(
    addBatchOptions(addSigningOptions(program.command('sign').argument('[in...]', t('sign.arg.in')).option('--out <file>', t('sign.opt.out'))))
      .option('--reason <text>', t('sign.opt.reason'))
      .option('--location <text>', t('sign.opt.location'))
      .option('--level <level>', t('sign.opt.level'))
      .option('--extend <level>', t('sign.opt.extend'))
      .option('--revocation-timeout <seconds>', t('sign.opt.revocationTimeout'), '10')
      .description(t('sign.description'))
      .addHelpText(
        'after',
        [
          '',
          t('sign.help.examples'),
          '  $ SOHOA_P12_PASS=… sohoa sign scan.pdf --out scan.signed.pdf --p12 agency.p12 --passphrase-env SOHOA_P12_PASS --agency "UBND xã Long Đức"',
          '  $ sohoa sign in.pdf --out out.pdf --p12 agency.p12 --passphrase-env SOHOA_P12_PASS --agency "…" --tsa http://tsa.example.vn --level B-LTA',
          '  $ sohoa sign --extend B-LTA archived.pdf --out renewed.pdf --tsa http://tsa.example.vn',
          '  $ sohoa sign in.pdf --out out.pdf --pkcs11-module /usr/lib/vnpt-ca/libvnpt.so --token-label VNPT-CA --key-label signing --pin-env TOKEN_PIN --tsa http://tsa.example.vn',
          `  $ sohoa sign scans/*.pdf --out-dir signed/ --p12 agency.p12 --passphrase-env SOHOA_P12_PASS --agency "UBND xã Long Đức"   ${t('sign.help.batchExample')}`,
          '',
          t('sign.help.batch'),
          t('sign.help.exitCodes'),
        ].join('\n'),
      ),
    (ctx, inputs, opts) => {
      if (isBatch(opts) && opts.extend) {
        throw new UsageError('Expected --extend with one input and --out, got a batch (--out-dir/--manifest)', {
          hint: 'Extend files one at a time: sohoa sign --extend B-LTA IN --out OUT.',
          key: 'sign.extendBatch',
          hintKey: 'sign.extendBatchHint',
        });
      }
      return isBatch(opts) ? signBatchCommand(ctx, inputs, opts) : signCommand(ctx, singleInput(inputs, opts), opts);
    },
    { config: signConfig },
  );
}

/** Without --out-dir/--manifest, exactly one input and --out. */
function singleInput(inputs: string[], opts: Opts): string {
  if (opts.out === undefined) throw new UsageError(`Expected --out FILE (one input) or --out-dir DIR / --manifest CSV (a batch), got neither`, { key: 'sign.needOut' });
  if (inputs.length !== 1) {
    throw new UsageError(`Expected one input with --out, got ${inputs.length}`, {
      hint: 'Use --out-dir DIR to sign several files in one run.',
      key: 'sign.oneInput',
      params: { n: inputs.length },
      hintKey: 'sign.oneInputHint',
    });
  }
  return inputs[0]!;
}

/** Reads an input of `sign` or `verify`, with a storage error that names it. */
export async function readInput(file: string): Promise<Buffer> {
  try {
    return await fsp.readFile(file);
  } catch (e) {
    const detail = (e as Error).message;
    throw new StorageError(`Cannot read ${file}: ${detail}`, { cause: e, file, key: 'sign.cannotRead', params: { file, detail } });
  }
}

async function signCommand(ctx: CliContext, input: string, opts: Opts) {
  // Loaded here, not at start-up: the signing stack costs every other command ~0.7 s of CPU.
  const { isoVietnam, openSigner, signPdf } = await import('../../stages/sign/index.js');
  const out = opts.out as string;
  if (path.resolve(out) === path.resolve(input)) {
    throw new UsageError(`Expected --out to differ from the input ${input}: inputs are never modified`, { key: 'sign.outIsInput', params: { input } });
  }
  const bytes = await readInput(input);
  if (opts.extend) return extendCommand(ctx, input, out, bytes, opts);
  const cfg = ctx.config.sign;
  const shown = levelLabel(opts, Boolean(cfg.tsa), cfg.level);
  const signer = await openSigner(cfg, process.env);
  try {
    const info = await signer.check({ allowExpired: cfg.allowExpired });
    const signingTime = new Date();
    const signed = await signPdf(bytes, signer, { ...signOptionsFrom(cfg, opts), signingTime });
    await writeFileAtomic(out, signed);
    const time = isoVietnam(signingTime);
    return {
      data: { input, output: out, signer: info.subject, issuer: info.issuer, source: info.source, signingTime: time, level: shown, appearance: cfg.appearance, bytes: signed.length },
      text: t('sign.done', { input, output: out, level: shown, appearance: cfg.appearance, subject: info.subject, time: formatDateTime(time, getLang()) }),
    };
  } finally {
    await signer.close();
  }
}
