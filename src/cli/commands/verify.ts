import { promises as fsp } from 'node:fs';
import type { Command } from 'commander';
import type { Define, Opts } from '../main.js';
import { StorageError } from '../../errors.js';
import { exitCodeFor, loadTrustDir, verifyPdf, worstVerdict, type SignatureReport, type VerifyReport } from '../../verify/index.js';
import type { CliContext } from '../context.js';

export function registerVerify(program: Command, define: Define): void {
  define(
    program
      .command('verify')
      .argument('<files...>', 'signed PDFs')
      .option('--trust <dir>', 'folder of trusted CA certificates (PEM/DER); an untrusted chain then exits 7')
      .description('check every signature: CMS, ByteRange, and what changed after signing')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  $ sohoa verify signed/*.pdf',
          '  $ sohoa verify --json --trust /etc/sohoa/ca ho-so.pdf',
          '',
          'Exit codes (the worst file wins): 0 all signatures intact and nothing disallowed changed after signing;',
          '4 a signature is broken or the file was modified after signing; 7 intact but not trusted (only with --trust);',
          '8 a file has no signature.',
        ].join('\n'),
      ),
    (ctx, files, opts) => verifyCommand(ctx, files, opts),
  );
}

async function verifyCommand(_ctx: CliContext, files: string[], opts: Opts) {
  const trustAnchors = opts.trust ? await loadTrustDir(opts.trust as string) : undefined;
  const results: Array<{ file: string } & VerifyReport> = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(file);
    } catch (e) {
      throw new StorageError(`Cannot read ${file}: ${(e as Error).message}`, { cause: e, file });
    }
    results.push({ file, ...(await verifyPdf(bytes, { trustAnchors })) });
  }
  const verdict = worstVerdict(results.map((r) => r.verdict));
  return {
    data: { verdict, files: results },
    text: results.map(renderFile).join('\n'),
    exitCode: exitCodeFor(verdict),
  };
}

const VERDICT_TEXT = { valid: 'VALID', invalid: 'INVALID', untrusted: 'UNTRUSTED', 'not-signed': 'NOT SIGNED' } as const;

function renderFile(r: { file: string } & VerifyReport): string {
  const lines = [`${r.file}: ${VERDICT_TEXT[r.verdict]}${r.signatures.length ? ` (${r.signatures.length} signature(s))` : ''}`];
  for (const p of r.problems) lines.push(`  note: ${p}`);
  r.signatures.forEach((s, i) => lines.push(...renderSignature(s, i + 1)));
  return lines.join('\n');
}

function yes(b: boolean | undefined): string {
  return b ? 'yes' : 'NO';
}

function renderSignature(s: SignatureReport, n: number): string[] {
  const out = [`  #${n} ${s.field} (${s.kind}, ${s.subFilter || 'no SubFilter'}): ${s.intact && !s.changesAfter.length ? 'intact' : 'NOT INTACT OR MODIFIED'}`];
  if (s.subject) out.push(`     signer:    ${s.subject}`, `     issuer:    ${s.issuer}`);
  if (s.signingTime) out.push(`     signed at: ${s.signingTime} (claimed by the signer)`);
  if (s.timestamp) out.push(`     timestamp: ${s.timestamp.time}${s.timestamp.tsa ? ` by ${s.timestamp.tsa}` : ''} (${s.timestamp.valid ? 'valid' : 'INVALID'})`);
  out.push(`     algorithm: ${s.algorithm}`);
  out.push(`     CMS signature valid: ${yes(s.cmsValid)}; ByteRange digest matches: ${yes(s.digestMatch)}; ByteRange well formed: ${yes(s.byteRangeValid)} [${s.byteRange.join(' ')}]`);
  if (s.certValidAtSigning === false) out.push('     certificate: not valid at the signing time');
  out.push(`     covers: ${s.coversWholeFile ? 'the whole file' : 'an earlier revision'}`);
  for (const p of s.permittedAfter) out.push(`     added later (permitted): ${p}`);
  for (const c of s.changesAfter) out.push(`     CHANGED AFTER SIGNING: ${c.detail}`);
  if (s.trust) out.push(`     trust: ${s.trust.trusted ? 'trusted' : 'NOT TRUSTED'}: ${s.trust.reason}`);
  for (const p of s.problems) out.push(`     problem: ${p}`);
  return out;
}
