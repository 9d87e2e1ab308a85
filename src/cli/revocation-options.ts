import { UsageError } from '../errors.js';
import { formatDateTime, getLang, t } from '../i18n/index.js';
import { word } from '../i18n/said.js';
import type { RevocationOptions, RevocationResult } from '../verify/index.js';
import type { Opts } from './main.js';

const MODES = ['online', 'offline', 'off'] as const;

/** `--revocation-timeout SECONDS` (verify and sign) in milliseconds; default 10 s. */
export function revocationTimeoutMs(opts: Opts): number {
  const secs = Number(opts.revocationTimeout ?? 10);
  if (!(secs > 0 && secs <= 600)) {
    const value = String(opts.revocationTimeout);
    throw new UsageError(`Expected --revocation-timeout in seconds (1–600), got "${value}"`, { key: 'verify.badTimeout', params: { value } });
  }
  return secs * 1000;
}

/** `--revocation`, `--require-revocation`, `--revocation-timeout` as the verifier takes them. */
export function revocationOptions(opts: Opts): RevocationOptions {
  const mode = String(opts.revocation ?? 'offline');
  if (!(MODES as readonly string[]).includes(mode)) throw new UsageError(`Expected --revocation online, offline or off, got "${mode}"`, { key: 'verify.badRevocation', params: { mode } });
  if (mode === 'off' && opts.requireRevocation) throw new UsageError('Expected --require-revocation with --revocation offline or online, got --revocation off', { key: 'verify.requireOff' });
  return { mode: mode as RevocationOptions['mode'], timeoutMs: revocationTimeoutMs(opts), requireRevocation: Boolean(opts.requireRevocation) };
}

const STATUS_KEY = { good: 'verify.rev.good', revoked: 'verify.rev.revoked', unknown: 'verify.rev.unknown' } as const;
/** A certificate's own status: its English words are the machine values, as before. */
const CERT_KEY = { good: 'verify.rev.certGood', revoked: 'verify.rev.certRevoked', unknown: 'verify.rev.certUnknown' } as const;

const MODE_KEY = { online: 'verifyFrame.mode.online', offline: 'verifyFrame.mode.offline', off: 'verifyFrame.mode.off' } as const;
const ORIGIN_KEY = { embedded: 'verifyFrame.origin.embedded', online: 'verifyFrame.origin.online' } as const;

/** A signature's revocation lines in the run language; the reason code (keyCompromise, …) is RFC 5280's name. */
export function renderRevocation(r: RevocationResult): string[] {
  const time = (iso: string | undefined) => (iso ? formatDateTime(iso, getLang()) : iso);
  const head = r.status === 'not-checked' ? t('verify.rev.notChecked', { detail: word(r.detailSaid) }) : t(STATUS_KEY[r.status]);
  const out = [t('verify.rev.head', { mode: t(MODE_KEY[r.mode]), status: head })];
  for (const c of r.certificates) {
    const from = c.source ? t('verify.rev.from', { source: c.source.toUpperCase(), origin: c.origin && t(ORIGIN_KEY[c.origin]), thisUpdate: time(c.thisUpdate) }) : '';
    const when = c.revokedAt ? t('verify.rev.at', { time: time(c.revokedAt), reason: c.reason ? `, ${c.reason}` : '' }) : '';
    out.push(`       ${c.subject}: ${t(CERT_KEY[c.status])}${when}${from}`);
    for (const n of c.notesSaid) out.push(`         ${word(n)}`);
  }
  return out;
}
