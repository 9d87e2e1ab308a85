import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { addSigningOptions, signConfig } from '../signing-options.js';
import type { Define, Opts } from '../main.js';
import { StorageError, UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { CliContext } from '../context.js';
import { addBatchOptions, isBatch, signBatchCommand, signOptionsFrom } from './sign-batch.js';
import { extendCommand, levelLabel } from './sign-extend.js';

export function registerSign(program: Command, define: Define): void {
  define(
    addBatchOptions(addSigningOptions(program.command('sign').argument('[in...]', 'PDF(s) to sign (never modified)').option('--out <file>', 'signed PDF to write (one input)')))
      .option('--reason <text>', 'reason recorded in the signature')
      .option('--location <text>', 'location recorded in the signature')
      .option('--level <level>', 'PAdES level: B-B, B-T, B-LT (adds a DSS with revocation data) or B-LTA (and a document timestamp); B-T and up need --tsa')
      .option('--extend <level>', 'extend an already signed file to B-LT or B-LTA (archive renewal); no key needed')
      .option('--revocation-timeout <seconds>', 'per OCSP/CRL request, for B-LT and B-LTA', '10')
      .description('sign PDFs as incremental updates: PAdES B-B, B-T (--tsa), B-LT or B-LTA (--level); or extend a signed file (--extend)')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  $ SOHOA_P12_PASS=… sohoa sign scan.pdf --out scan.signed.pdf --p12 agency.p12 --passphrase-env SOHOA_P12_PASS --agency "UBND xã Long Đức"',
          '  $ sohoa sign in.pdf --out out.pdf --p12 agency.p12 --passphrase-env SOHOA_P12_PASS --agency "…" --tsa http://tsa.example.vn --level B-LTA',
          '  $ sohoa sign --extend B-LTA archived.pdf --out renewed.pdf --tsa http://tsa.example.vn',
          '  $ sohoa sign in.pdf --out out.pdf --pkcs11-module /usr/lib/vnpt-ca/libvnpt.so --token-label VNPT-CA --key-label signing --pin-env TOKEN_PIN --tsa http://tsa.example.vn',
          '  $ sohoa sign scans/*.pdf --out-dir signed/ --p12 agency.p12 --passphrase-env SOHOA_P12_PASS --agency "UBND xã Long Đức"   (batch: one process, one key opening)',
          '',
          'Batch (--out-dir/--manifest): one line per file (signed, skipped: already signed and valid, refused: why); exit 2 when some files were refused, the rest done.',
          'Exit codes: 0 signed; 4 the output failed its own verification (nothing written); 6 signing error (wrong passphrase/PIN, no key or token, expired certificate, TSA unreachable, encrypted input).',
        ].join('\n'),
      ),
    (ctx, inputs, opts) => {
      if (isBatch(opts) && opts.extend) throw new UsageError('Expected --extend with one input and --out, got a batch (--out-dir/--manifest)', { hint: 'Extend files one at a time: sohoa sign --extend B-LTA IN --out OUT.' });
      return isBatch(opts) ? signBatchCommand(ctx, inputs, opts) : signCommand(ctx, singleInput(inputs, opts), opts);
    },
    { config: signConfig },
  );
}

/** Without --out-dir/--manifest, exactly one input and --out. */
function singleInput(inputs: string[], opts: Opts): string {
  if (opts.out === undefined) throw new UsageError(`Expected --out FILE (one input) or --out-dir DIR / --manifest CSV (a batch), got neither`);
  if (inputs.length !== 1) throw new UsageError(`Expected one input with --out, got ${inputs.length}`, { hint: 'Use --out-dir DIR to sign several files in one run.' });
  return inputs[0]!;
}

async function signCommand(ctx: CliContext, input: string, opts: Opts) {
  // Loaded here, not at start-up: the signing stack costs every other command ~0.7 s of CPU.
  const { isoVietnam, openSigner, signPdf } = await import('../../stages/sign/index.js');
  const out = opts.out as string;
  if (path.resolve(out) === path.resolve(input)) throw new UsageError(`Expected --out to differ from the input ${input}: inputs are never modified`);
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(input);
  } catch (e) {
    throw new StorageError(`Cannot read ${input}: ${(e as Error).message}`, { cause: e, file: input });
  }
  if (opts.extend) return extendCommand(ctx, input, out, bytes, opts);
  const cfg = ctx.config.sign;
  const shown = levelLabel(opts, Boolean(cfg.tsa), cfg.level);
  const signer = await openSigner(cfg, process.env);
  try {
    const info = await signer.check({ allowExpired: cfg.allowExpired });
    const signingTime = new Date();
    const signed = await signPdf(bytes, signer, { ...signOptionsFrom(cfg, opts), signingTime });
    await writeFileAtomic(out, signed);
    return {
      data: { input, output: out, signer: info.subject, issuer: info.issuer, source: info.source, signingTime: isoVietnam(signingTime), level: shown, appearance: cfg.appearance, bytes: signed.length },
      text: `Signed ${input} -> ${out} (${shown}, ${cfg.appearance} appearance) as "${info.subject}" at ${isoVietnam(signingTime)}; verified before writing.`,
    };
  } finally {
    await signer.close();
  }
}
