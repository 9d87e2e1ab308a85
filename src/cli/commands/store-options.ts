import { Option, type Command } from 'commander';
import { parsePositiveInt } from '../context.js';
import type { Opts } from '../main.js';
import { t } from '../../i18n/index.js';

/** Store flags shared by `archive` and `fixity`; each maps onto a config key (flags win). */
export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option('--s3-region <region>', t('archive.opt.s3Region'))
    .option('--s3-force-path-style', t('archive.opt.forcePathStyle'))
    .addOption(new Option('--s3-checksum <mode>', t('archive.opt.checksum')).choices(['when-supported', 'when-required']))
    .addOption(new Option('--verify-upload <how>', t('archive.opt.verifyUpload')).choices(['head', 'read']))
    .addOption(new Option('--multipart-threshold-mb <n>', t('archive.opt.multipartThreshold')).argParser(parsePositiveNumber))
    .addOption(new Option('--io-concurrency <n>', t('archive.opt.ioConcurrency')).argParser((v) => parsePositiveInt(v, '--io-concurrency')));
}

export function addRetentionOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--retention-mode <mode>', t('archive.opt.retentionMode')).choices(['GOVERNANCE', 'COMPLIANCE']))
    .addOption(new Option('--retention-days <n>', t('archive.opt.retentionDays')).argParser((v) => parsePositiveInt(v, '--retention-days')));
}

/** Maps the flags above onto the config's s3 and retention sections. */
export function storeConfig(opts: Opts): Record<string, unknown> {
  const s3: Record<string, unknown> = {};
  if (opts.s3Region !== undefined) s3.region = opts.s3Region;
  if (opts.s3ForcePathStyle !== undefined) s3.forcePathStyle = true;
  if (opts.s3Checksum !== undefined) s3.checksum = opts.s3Checksum;
  if (opts.verifyUpload !== undefined) s3.verifyUpload = opts.verifyUpload;
  if (opts.multipartThresholdMb !== undefined) s3.multipartThresholdMB = opts.multipartThresholdMb;
  if (opts.ioConcurrency !== undefined) s3.ioConcurrency = opts.ioConcurrency;
  const out: Record<string, unknown> = {};
  if (Object.keys(s3).length) out.s3 = s3;
  const retention: Record<string, unknown> = {};
  if (opts.retentionMode !== undefined) retention.mode = opts.retentionMode;
  if (opts.retentionDays !== undefined) retention.days = opts.retentionDays;
  if (Object.keys(retention).length) out.retention = retention;
  return out;
}

function parsePositiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    throw Object.assign(new Error(`Expected a positive number for --multipart-threshold-mb, got "${v}"`), { code: 'commander.invalidArgument' });
  }
  return n;
}
