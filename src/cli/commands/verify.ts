import { promises as fsp } from 'node:fs';
import type { Command } from 'commander';
import type { Define, Opts } from '../main.js';
import { StorageError } from '../../errors.js';
import type { SignatureReport, VerifyReport } from '../../verify/index.js';
import type { CliContext } from '../context.js';
import { renderRevocation, revocationOptions } from '../revocation-options.js';

export function registerVerify(program: Command, define: Define): void {
  define(
    program
      .command('verify')
      .argument('<files...>', 'signed PDFs')
      .option('--trust <dir>', 'folder of trusted CA certificates (PEM/DER); an untrusted chain then exits 7')
      .option('--revocation <mode>', 'revocation checking: offline (CRLs/OCSP embedded in the file), online (also fetch from the certificates\' OCSP/CRL URLs), off', 'offline')
      .option('--require-revocation', 'an unknown revocation status fails the signature (exit 7)')
      .option('--revocation-timeout <seconds>', 'per OCSP/CRL request, with --revocation online', '10')
      .description('check every signature: CMS, ByteRange, and what changed after signing')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  $ sohoa verify signed/*.pdf',
          '  $ sohoa verify --json --trust /etc/sohoa/ca ho-so.pdf',
          '  $ sohoa verify --revocation online --require-revocation --trust /etc/sohoa/ca ho-so.pdf',
          '',
          'Exit codes (the worst file wins): 0 all signatures intact and nothing disallowed changed after signing;',
          '2 a file is not a PDF; 4 a signature is broken or the file was modified after signing;',
          '7 intact, but a certificate was not valid at the signing time, or (with --trust) the chain is not trusted,',
          'or a certificate of the chain is revoked (or its status unknown, with --require-revocation);',
          '8 a file has no signature. See docs/verify.md for the verdict table and revocation modes.',
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
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(file);
    } catch (e) {
      throw new StorageError(`Cannot read ${file}: ${(e as Error).message}`, { cause: e, file });
    }
    results.push({ file, ...(await verifyPdf(bytes, { trustAnchors, revocation })) });
  }
  const verdict = worstVerdict(results.map((r) => r.verdict));
  return {
    data: { verdict, files: results },
    text: results.map(renderFile).join('\n'),
    exitCode: exitCodeFor(verdict),
  };
}

const VERDICT_TEXT = { valid: 'VALID', invalid: 'INVALID', untrusted: 'UNTRUSTED', 'not-signed': 'NOT SIGNED', rejected: 'REJECTED' } as const;

function renderFile(r: { file: string } & VerifyReport): string {
  const lines = [`${r.file}: ${VERDICT_TEXT[r.verdict]}${r.signatures.length ? ` (${r.signatures.length} signature(s))` : ''}`];
  for (const p of r.problems) lines.push(`  note: ${p}`);
  r.signatures.forEach((s, i) => lines.push(...renderSignature(s, i + 1)));
  return lines.join('\n');
}

const DOCMDP_TEXT = { 1: 'no changes permitted', 2: 'form filling and signing permitted', 3: 'form filling, signing and annotations permitted' } as const;

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
  if (s.certification) out.push(`     certification: DocMDP P=${s.certification.permissions} (${DOCMDP_TEXT[s.certification.permissions]})`);
  if (s.certValidAtSigning === false) out.push('     certificate: NOT VALID at the signing time');
  out.push(`     covers: ${s.coversWholeFile ? 'the whole file' : 'an earlier revision'}`);
  for (const p of s.permittedAfter) out.push(`     added later (permitted): ${p}`);
  for (const c of s.changesAfter) out.push(`     CHANGED AFTER SIGNING: ${c.detail}`);
  if (s.subject) out.push(...renderRevocation(s.revocation));
  if (s.trust) out.push(`     trust: ${s.trust.trusted ? 'trusted' : 'NOT TRUSTED'}: ${s.trust.reason}`);
  for (const p of s.problems) out.push(`     problem: ${p}`);
  return out;
}
