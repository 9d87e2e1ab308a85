import type { Command } from 'commander';
import type { Opts } from '../main.js';
import type { CliContext } from '../context.js';
import type { CommandOutput } from '../output.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { CopyType, SignConfig, SignOptions } from '../../stages/sign/index.js';
import type { BatchResult } from '../../stages/sign/batch.js';
import { checkLevel } from '../../stages/sign/levels.js';
import { formatDateTime, formatNumber, getLang, say, t } from '../../i18n/index.js';
import { wordParams } from '../../i18n/said.js';
import { levelLabel, levelOptions } from './sign-extend.js';

/** `sohoa sign FILE... --out-dir DIR` and `--manifest CSV`: the batch flags. */
export function addBatchOptions(cmd: Command): Command {
  return cmd
    .option('--out-dir <dir>', t('sign.opt.outDir'))
    .option('--manifest <csv>', t('sign.opt.manifest'));
}

/** True when the command line asks for a batch rather than one `--out` file. */
export function isBatch(opts: Opts): boolean {
  return opts.outDir !== undefined || opts.manifest !== undefined;
}

/** The signing options both `sign --out` and the batch take from the config and flags. */
export function signOptionsFrom(cfg: SignConfig, opts: Opts): SignOptions {
  return {
    appearance: cfg.appearance,
    copyType: cfg.copyType as CopyType,
    agency: cfg.agency,
    seal: cfg.seal,
    tsa: cfg.tsa,
    reason: opts.reason as string | undefined,
    location: opts.location as string | undefined,
    allowExpired: cfg.allowExpired,
    ...levelOptions(opts, cfg.level),
  };
}

function line(r: BatchResult): string {
  if (r.status === 'signed') return t('sign.batch.signed', { input: r.input, output: r.output, time: r.signingTime ? formatDateTime(r.signingTime, getLang()) : '' });
  if (r.status === 'skipped') return t('sign.batch.skipped', { input: r.input, output: r.output });
  // A refusal with a catalogue key is worded in the run language; --json keeps the English message.
  const params = r.paramsSaid ? { ...r.params, ...wordParams(r.paramsSaid) } : r.params;
  const said = r.key ? say({ key: r.key, params, message: r.message ?? '' }) : undefined;
  const message = said === undefined ? r.message : r.hintKey ? `${said} (${t(r.hintKey, r.hintParams)})` : said;
  return t('sign.batch.refused', { input: r.input, message, reason: r.reason });
}

/**
 * Signs every file with ONE open key (a P12 parsed once, or one PKCS#11 login), one font
 * cache and one TSA client. Exit 0 when every file is signed or already was, 2 when some
 * were refused (the rest are done), 6 when the key itself cannot be used, 130 on Ctrl-C.
 */
export async function signBatchCommand(ctx: CliContext, files: string[], opts: Opts): Promise<CommandOutput> {
  if (opts.out !== undefined) throw new UsageError('Expected either --out FILE (one input) or --out-dir/--manifest (a batch), got both', { key: 'sign.outAndBatch' });
  // Loaded here, not at start-up, as in sign.ts: the signing stack would slow every command.
  const [{ openSigner }, { signBatch }, { planBatch }] = await Promise.all([
    import('../../stages/sign/index.js'),
    import('../../stages/sign/batch.js'),
    import('../../stages/sign/batch-plan.js'),
  ]);
  const items = await planBatch(files, { outDir: opts.outDir as string | undefined, manifest: opts.manifest as string | undefined });
  const cfg = ctx.config.sign;
  const signOpts = signOptionsFrom(cfg, opts);
  // Checked once, before the key is opened: a missing TSA is one signing error (6), not N refusals.
  if (signOpts.level) checkLevel(signOpts.level, Boolean(cfg.tsa));
  const started = process.hrtime.bigint();
  const signer = await openSigner(cfg, process.env);
  try {
    const info = await signer.check({ allowExpired: cfg.allowExpired });
    const outcome = await signBatch(items, signer, { ...signOpts, signal: ctx.signal });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const level = levelLabel(opts, Boolean(cfg.tsa), cfg.level);
    const { results, signed, skipped, refused, notStarted, interrupted } = outcome;
    const summary = t('sign.batch.summary', {
      signed,
      skipped,
      refused,
      notStarted: notStarted ? t('sign.batch.notStarted', { n: notStarted }) : '',
      seconds: formatNumber(seconds, getLang()),
      subject: info.subject,
      level,
      appearance: cfg.appearance,
    });
    return {
      data: { signer: info.subject, issuer: info.issuer, source: info.source, level, appearance: cfg.appearance, results, signed, skipped, refused, notStarted, seconds: Math.round(seconds * 1000) / 1000 },
      text: [...results.map(line), summary].join('\n'),
      exitCode: interrupted ? ExitCode.Interrupted : refused ? ExitCode.Rejected : ExitCode.Ok,
    };
  } finally {
    await signer.close();
  }
}
