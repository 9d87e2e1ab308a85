import { UsageError } from '../errors.js';
import type { RevocationOptions, RevocationResult } from '../verify/index.js';
import type { Opts } from './main.js';

const MODES = ['online', 'offline', 'off'] as const;

/** `--revocation-timeout SECONDS` (verify and sign) in milliseconds; default 10 s. */
export function revocationTimeoutMs(opts: Opts): number {
  const secs = Number(opts.revocationTimeout ?? 10);
  if (!(secs > 0 && secs <= 600)) throw new UsageError(`Expected --revocation-timeout in seconds (1–600), got "${String(opts.revocationTimeout)}"`);
  return secs * 1000;
}

/** `--revocation`, `--require-revocation`, `--revocation-timeout` as the verifier takes them. */
export function revocationOptions(opts: Opts): RevocationOptions {
  const mode = String(opts.revocation ?? 'offline');
  if (!(MODES as readonly string[]).includes(mode)) throw new UsageError(`Expected --revocation online, offline or off, got "${mode}"`);
  if (mode === 'off' && opts.requireRevocation) throw new UsageError('Expected --require-revocation with --revocation offline or online, got --revocation off');
  return { mode: mode as RevocationOptions['mode'], timeoutMs: revocationTimeoutMs(opts), requireRevocation: Boolean(opts.requireRevocation) };
}

export function renderRevocation(r: RevocationResult): string[] {
  const head = r.status === 'not-checked' ? `not checked (${r.detail})` : r.status === 'good' ? 'not revoked' : r.status === 'revoked' ? 'REVOKED' : 'unknown';
  const out = [`     revocation (${r.mode}): ${head}`];
  for (const c of r.certificates) {
    const from = c.source ? ` by ${c.source.toUpperCase()} (${c.origin}, ${c.thisUpdate})` : '';
    const when = c.revokedAt ? ` at ${c.revokedAt}${c.reason ? `, ${c.reason}` : ''}` : '';
    out.push(`       ${c.subject}: ${c.status}${when}${from}`);
    for (const n of c.notes) out.push(`         ${n}`);
  }
  return out;
}
