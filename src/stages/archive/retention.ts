import type { Config } from '../../config/schema.js';
import { ConfigError } from '../../errors.js';
import type { Retention } from '../../ports/object-store.js';

export type RetentionConfig = Config['retention'];

/**
 * The Object Lock retention for a document type: the per-type days when configured, else the
 * default days. Half-set retention (a mode without days, or days without a mode) is a config
 * error, so that retention is never silently dropped.
 */
export function retentionFor(cfg: RetentionConfig, docType: string | null | undefined, now = new Date()): Retention | undefined {
  if (!cfg) return undefined;
  const days = (docType ? cfg.perType?.[docType] : undefined) ?? cfg.days;
  const anySet = cfg.mode !== undefined || cfg.days !== undefined || Object.keys(cfg.perType ?? {}).length > 0;
  if (!anySet) return undefined;
  if (!cfg.mode) {
    throw new ConfigError('Expected retention.mode GOVERNANCE or COMPLIANCE with retention days, got none', {
      hint: 'Add --retention-mode GOVERNANCE|COMPLIANCE, or remove the retention days.',
      key: 'archive.err.retentionMode',
      hintKey: 'archive.err.retentionModeHint',
    });
  }
  if (days === undefined) {
    throw new ConfigError(`Expected retention days for document type ${docType ?? '(unknown)'} with retention mode ${cfg.mode}, got none`, {
      hint: 'Add --retention-days N or retention.days (a default for every type) to the config.',
      key: 'archive.err.retentionDays',
      params: { type: docType ?? '(unknown)', mode: cfg.mode },
      hintKey: 'archive.err.retentionDaysHint',
    });
  }
  return { mode: cfg.mode, retainUntil: new Date(now.getTime() + days * 86_400_000) };
}
