import type { Command } from 'commander';
import type { Define, Opts } from '../main.js';
import { formatDateTime, getLang, t } from '../../i18n/index.js';
import { word } from '../../i18n/said.js';
import type { SignatureReport, VerifyReport } from '../../verify/index.js';
import type { CliContext } from '../context.js';
import { renderRevocation, revocationOptions } from '../revocation-options.js';
import { readInput } from './sign.js';

export function registerVerify(program: Command, define: Define): void {
  define(
    program
      .command('verify')
      .argument('<files...>', t('verify.arg.files'))
      .option('--trust <dir>', t('verify.opt.trust'))
      .option('--revocation <mode>', t('verify.opt.revocation'), 'offline')
      .option('--require-revocation', t('verify.opt.requireRevocation'))
      .option('--revocation-timeout <seconds>', t('verify.opt.revocationTimeout'), '10')
      .description(t('verify.description'))
      .addHelpText(
        'after',
        [
          '',
          t('sign.help.examples'),
          '  $ sohoa verify signed/*.pdf',
          '  $ sohoa verify --json --trust /etc/sohoa/ca ho-so.pdf',
          '  $ sohoa verify --revocation online --require-revocation --trust /etc/sohoa/ca ho-so.pdf',
          '',
          t('verify.help.exitCodes'),
        ].join('\n'),
      ),
    (ctx, files, opts) => verifyCommand(ctx, files, opts),
  );
}

async function verifyCommand(_ctx: CliContext, files: string[], opts: Opts) {
  const { exitCodeFor, loadTrustDir, verifyPdf, worstVerdict } = await import('../../verify/index.js'); // loaded on use
  const trustAnchors = opts.trust ? await loadTrustDir(opts.trust as string) : undefined;
  const revocation = revocationOptions(opts);
  const results: Array<{ file: string } & VerifyReport> = [];
  for (const file of files) {
    const bytes = await readInput(file);
    results.push({ file, ...(await verifyPdf(bytes, { trustAnchors, revocation })) });
  }
  const verdict = worstVerdict(results.map((r) => r.verdict));
  return {
    data: { verdict, files: results },
    text: results.map(renderFile).join('\n'),
    exitCode: exitCodeFor(verdict),
  };
}

const VERDICT_KEY = {
  valid: 'verify.verdict.valid',
  invalid: 'verify.verdict.invalid',
  untrusted: 'verify.verdict.untrusted',
  'not-signed': 'verify.verdict.notSigned',
  rejected: 'verify.verdict.rejected',
} as const;

function renderFile(r: { file: string } & VerifyReport): string {
  const count = r.signatures.length ? t('verify.signatureCount', { n: r.signatures.length }) : '';
  const lines = [`${r.file}: ${t(VERDICT_KEY[r.verdict])}${count}`];
  for (const p of r.problemsSaid) lines.push(t('verify.note', { text: word(p) }));
  r.signatures.forEach((s, i) => lines.push(...renderSignature(s, i + 1)));
  return lines.join('\n');
}

const KIND_KEY = { signature: 'verifyFrame.kind.signature', 'document-timestamp': 'verifyFrame.kind.documentTimestamp' } as const;
/** The names the verifier gives fields it cannot name (signatures.ts), said in the run language. */
const FIELD_KEY: Record<string, 'verifyProblem.field.encrypted' | 'verifyProblem.field.unnamed' | 'verifyProblem.field.unreadable'> = {
  '(name encrypted)': 'verifyProblem.field.encrypted',
  '(unnamed)': 'verifyProblem.field.unnamed',
  '(name not readable)': 'verifyProblem.field.unreadable',
};
const when = (iso: string) => formatDateTime(iso, getLang());

const DOCMDP_KEY = { 1: 'verify.docmdp.1', 2: 'verify.docmdp.2', 3: 'verify.docmdp.3' } as const;

function yes(b: boolean | undefined): string {
  return t(b ? 'verify.yes' : 'verify.no');
}

function renderSignature(s: SignatureReport, n: number): string[] {
  const state = t(s.intact && !s.changesAfter.length ? 'verify.intact' : 'verify.notIntact');
  const field = FIELD_KEY[s.field] ? t(FIELD_KEY[s.field]!) : s.field;
  const out = [`  #${n} ${field} (${t(KIND_KEY[s.kind])}, ${s.subFilter || t('verify.noSubFilter')}): ${state}`];
  if (s.subject) out.push(t('verify.signer', { subject: s.subject }), t('verify.issuer', { issuer: s.issuer }));
  if (s.signingTime) out.push(t('verify.signedAt', { time: when(s.signingTime) }));
  if (s.timestamp) {
    const by = s.timestamp.tsa ? t('verify.timestampBy', { tsa: s.timestamp.tsa }) : '';
    out.push(t('verify.timestamp', { time: when(s.timestamp.time), by, state: t(s.timestamp.valid ? 'verify.tsValid' : 'verify.tsInvalid') }));
  }
  out.push(t('verify.algorithm', { algorithm: s.algorithm }));
  out.push(t('verify.checks', { cms: yes(s.cmsValid), digest: yes(s.digestMatch), byteRange: yes(s.byteRangeValid), range: s.byteRange.join(' ') }));
  if (s.certification) out.push(t('verify.certification', { p: s.certification.permissions, what: t(DOCMDP_KEY[s.certification.permissions]) }));
  if (s.certValidAtSigning === false) out.push(t('verify.certNotValid'));
  out.push(t(s.coversWholeFile ? 'verify.coversWhole' : 'verify.coversEarlier'));
  for (const p of s.permittedAfterSaid) out.push(t('verify.permittedAfter', { detail: word(p) }));
  for (const c of s.changesAfter) out.push(t('verify.changedAfter', { detail: word(c.detailSaid) }));
  if (s.subject) out.push(...renderRevocation(s.revocation));
  if (s.trust) out.push(t('verify.trust', { state: t(s.trust.trusted ? 'verify.trusted' : 'verify.notTrusted'), reason: word(s.trust.reasonSaid) }));
  for (const p of s.problemsSaid) out.push(t('verify.problem', { text: word(p) }));
  return out;
}
