import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { writeFileAtomic } from '../../util/fs.js';
import { effectiveLevel, isLevel, type SignatureLevel } from '../../stages/sign/levels.js';
import type { CliContext } from '../context.js';
import { revocationTimeoutMs } from '../revocation-options.js';
import type { Opts } from '../main.js';

/** `--level` (else the config's `sign.level`) and `--revocation-timeout`, as signPdf (and the batch) take them. */
export function levelOptions(opts: Opts, configured?: SignatureLevel): { level?: SignatureLevel; revocationTimeoutMs: number } {
  const level = opts.level as string | undefined;
  if (level !== undefined && !isLevel(level)) throw new UsageError(`Expected --level B-B, B-T, B-LT or B-LTA, got "${level}"`, { key: 'sign.badLevel', params: { level } });
  return { level: level ?? configured, revocationTimeoutMs: revocationTimeoutMs(opts) };
}

/** `PAdES B-…` as the CLI shows the level of what it signed. */
export function levelLabel(opts: Opts, hasTsa: boolean, configured?: SignatureLevel): string {
  return `PAdES ${effectiveLevel(levelOptions(opts, configured).level, hasTsa)}`;
}

/** `sohoa sign --extend B-LT|B-LTA IN --out OUT`: archive renewal of a signed file; no key needed. */
export async function extendCommand(ctx: CliContext, input: string, out: string, bytes: Buffer, opts: Opts) {
  const level = String(opts.extend);
  if (level !== 'B-LT' && level !== 'B-LTA') throw new UsageError(`Expected --extend B-LT or B-LTA, got "${level}"`, { key: 'sign.badExtend', params: { level } });
  if (opts.level !== undefined) throw new UsageError('Expected either --level (when signing) or --extend (an already signed file), got both', { key: 'sign.levelAndExtend' });
  const { extendPdf, tsaClientFor } = await import('../../stages/sign/index.js');
  const tsa = ctx.config.sign.tsa ? tsaClientFor(ctx.config.sign.tsa) : undefined;
  const extended = await extendPdf(bytes, level, { tsa, revocationTimeoutMs: revocationTimeoutMs(opts) });
  await writeFileAtomic(out, extended);
  return {
    data: { input, output: out, level: `PAdES ${level}`, extended: true, bytes: extended.length },
    text: t(level === 'B-LTA' ? 'sign.extendedLta' : 'sign.extendedLt', { input, output: out, level: `PAdES ${level}` }),
  };
}
