import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { addSigningOptions, signConfig } from '../signing-options.js';
import type { Define, Opts } from '../main.js';
import { StorageError, UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { CopyType } from '../../stages/sign/index.js';
import type { CliContext } from '../context.js';

export function registerSign(program: Command, define: Define): void {
  define(
    addSigningOptions(program.command('sign').argument('<in>', 'PDF to sign (never modified)').requiredOption('--out <file>', 'signed PDF to write'))
      .option('--reason <text>', 'reason recorded in the signature')
      .option('--location <text>', 'location recorded in the signature')
      .description('sign a PDF (PAdES B-B, or B-T with --tsa) as an incremental update')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  $ SOHOA_P12_PASS=… sohoa sign scan.pdf --out scan.signed.pdf --p12 agency.p12 --passphrase-env SOHOA_P12_PASS --agency "UBND xã Long Đức"',
          '  $ sohoa sign in.pdf --out out.pdf --pkcs11-module /usr/lib/vnpt-ca/libvnpt.so --token-label VNPT-CA --key-label signing --pin-env TOKEN_PIN --tsa http://tsa.example.vn',
          '',
          'Exit codes: 0 signed; 4 the output failed its own verification (nothing written); 6 signing error (wrong passphrase/PIN, no key or token, expired certificate, TSA unreachable, encrypted input).',
        ].join('\n'),
      ),
    (ctx, [input], opts) => signCommand(ctx, input!, opts),
    { config: signConfig },
  );
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
  const cfg = ctx.config.sign;
  const signer = await openSigner(cfg, process.env);
  try {
    const info = await signer.check({ allowExpired: cfg.allowExpired });
    const signingTime = new Date();
    const signed = await signPdf(bytes, signer, {
      appearance: cfg.appearance,
      copyType: cfg.copyType as CopyType,
      agency: cfg.agency,
      seal: cfg.seal,
      tsa: cfg.tsa,
      reason: opts.reason as string | undefined,
      location: opts.location as string | undefined,
      signingTime,
      allowExpired: cfg.allowExpired,
    });
    await writeFileAtomic(out, signed);
    const level = cfg.tsa ? 'PAdES B-T' : 'PAdES B-B';
    return {
      data: { input, output: out, signer: info.subject, issuer: info.issuer, source: info.source, signingTime: isoVietnam(signingTime), level, appearance: cfg.appearance, bytes: signed.length },
      text: `Signed ${input} -> ${out} (${level}, ${cfg.appearance} appearance) as "${info.subject}" at ${isoVietnam(signingTime)}; verified before writing.`,
    };
  } finally {
    await signer.close();
  }
}
