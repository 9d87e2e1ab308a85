import { OutputCheckError, SigningError } from '../../errors.js';
import { checkChainRevocation, emptyValidationData, mergeValidationData, parseCert, parseCerts, type Cert, type ValidationData } from '../../pki/index.js';
import { verifyCms } from '../../verify/cms.js';
import { readDss } from '../../verify/revocation.js';
import { PdfFile } from '../../verify/pdf/file.js';
import { contentsBytes, findSignatures } from '../../verify/signatures.js';
import { brokenBecause, verifyPdf } from '../../verify/index.js';
import { english, said, type Said } from '../../i18n/said.js';
import { writeDssIncrement } from './dss.js';
import { writeIncrement } from './incremental.js';
import type { ExtendLevel } from './levels.js';
import type { TsaClient } from './tsa.js';


export interface ExtendOptions {
  /** The TSA for the document timestamp (required for B-LTA). */
  tsa?: TsaClient;
  /** Per OCSP/CRL request. */
  revocationTimeoutMs?: number;
}

/** Room beyond the measured token size (serial, nonce and time vary). */
const TSA_SLACK = 1024;

/**
 * Extends a signed PDF to PAdES B-LT (a DSS with every certificate, OCSP response and CRL the
 * signatures and timestamps need) and, for B-LTA, a document timestamp over it. Both are
 * incremental updates. Refuses a file whose signatures do not verify (exit 4), or whose
 * signer is revoked or whose revocation data cannot be had (exit 6). Checks its own output.
 */
export async function extendPdf(input: Buffer, level: ExtendLevel, o: ExtendOptions = {}): Promise<Buffer> {
  if (level === 'B-LTA' && !o.tsa) throw new SigningError('PAdES B-LTA needs a time-stamp authority for the document timestamp', { hint: 'Pass --tsa URL (or sign.tsa in the config).', key: 'sign.err.ltaNeedsTsa', hintKey: 'sign.err.tsaHint' });
  const before = await verifyPdf(input);
  if (!before.signatures.length) throw new SigningError('Expected a signed PDF to extend, but it has no signature', { hint: 'Sign it first: sohoa sign IN --out OUT --level B-LT …', key: 'sign.err.extendUnsigned', hintKey: 'sign.err.extendUnsignedHint' });
  const broken = before.signatures.filter((s) => !s.intact || s.changesAfter.length);
  if (broken.length) {
    const why = brokenBecause(broken[0]!);
    const detail = why.map(english).join('; ');
    throw new OutputCheckError(`Refusing to extend: signature "${broken[0]!.field}" does not verify (${detail})`, {
      hint: 'Run sohoa verify on the file; a broken signature cannot be preserved for the long term.',
      key: 'sign.err.extendBroken',
      params: { field: broken[0]!.field, detail },
      paramsSaid: { detail: why },
      hintKey: 'sign.err.extendBrokenHint',
    });
  }
  const data = await gatherValidationData(input, o.revocationTimeoutMs);
  let out = writeDssIncrement(input, data);
  if (level === 'B-LTA') out = await addDocTimestamp(out, o.tsa!);
  await checkExtended(out, before.signatures.length + (level === 'B-LTA' ? 1 : 0));
  return out;
}

/** Certificates and fresh revocation data for every signature and timestamp in the file. */
async function gatherValidationData(pdf: Buffer, timeoutMs?: number): Promise<ValidationData> {
  const file = PdfFile.open(pdf);
  const dss = readDss(file);
  const parsed = findSignatures(file).signed.flatMap((sig) => {
    const der = contentsBytes(sig);
    return der ? cmsParts(der, sig.dict.nameOf('Type') !== 'DocTimeStamp') : [];
  });
  const pool: Cert[] = [...parsed.flatMap((p) => p.certs), ...parseCerts(dss.certs)];
  let data = emptyValidationData();
  for (const { signer, embedded, strict } of parsed) {
    const { report, collected } = await checkChainRevocation({ signer, pool, embedded: mergeValidationData(embedded, dss) }, { mode: 'online', fetchAlways: true, timeoutMs });
    for (const c of report.certificates) {
      if (c.status === 'revoked')
        throw new SigningError(`Certificate ${c.subject} was revoked at ${c.revokedAt ?? '?'}${c.reason ? ` (${c.reason})` : ''}; its signature cannot be extended`, {
          key: 'sign.err.revoked',
          params: { subject: c.subject, time: c.revokedAt ?? '?', reason: c.reason ? ` (${c.reason})` : '' },
        });
      if (c.status === 'unknown' && strict)
        throw new SigningError(`Cannot get revocation data for ${c.subject}: ${c.notes.join('; ') || 'no answer'}`, {
          hint: 'B-LT needs an OCSP responder or CRL that answers for every certificate of the chain. Check the network, or keep the file at B-T and extend it later with sohoa sign --extend.',
          key: 'sign.err.noRevocationData',
          params: { subject: c.subject, detail: c.notes.join('; ') || english(said('revocation.noAnswer')) },
          paramsSaid: { detail: c.notesSaid.length ? c.notesSaid : [said('revocation.noAnswer')] },
          hintKey: 'sign.err.noRevocationDataHint',
        });
    }
    data = mergeValidationData(data, { ...collected, certs: [signer.der, ...collected.certs] });
  }
  return data;
}

interface CmsParts {
  signer: Cert;
  certs: Cert[];
  embedded: ValidationData;
  /** Revocation data must be found for it (a signature), or only if it can be (a timestamp's TSA). */
  strict: boolean;
}

/** The signer, certificates and embedded revocation data of a CMS, and of its signature timestamp. */
function cmsParts(der: Uint8Array, strict: boolean): CmsParts[] {
  const cms = verifyCms(der);
  if (!cms.signer) return [];
  const own: CmsParts = {
    signer: parseCert(cms.signer.raw),
    certs: cms.certificates.map((c) => parseCert(c.raw)),
    embedded: { certs: [], crls: cms.revocation.crls, ocsps: cms.revocation.ocspResponses },
    strict,
  };
  // A signature's own timestamp token is a CMS too; its TSA's chain needs validation data as well.
  return cms.timestampToken ? [own, ...cmsParts(cms.timestampToken, false)] : [own];
}

/** An RFC 3161 document timestamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161) over the whole file. */
export async function addDocTimestamp(input: Buffer, tsa: TsaClient): Promise<Buffer> {
  const file = PdfFile.open(input);
  const now = new Date();
  let capacity = (await tsa.tokenSize()) + TSA_SLACK;
  for (let attempt = 0; attempt < 3; attempt++) {
    const prep = await writeIncrement(input, file, {
      capacity,
      signingTime: now,
      kind: 'doc-timestamp',
      appearance: { kind: 'none', copyType: 'SAO Y', agency: '', time: now },
    });
    const [a, b, c, d] = prep.byteRange;
    const token = await tsa.stamp(Buffer.concat([prep.bytes.subarray(a, a + b), prep.bytes.subarray(c, c + d)]));
    if (token.length > capacity) {
      capacity = token.length + 2048;
      continue;
    }
    prep.bytes.write(token.toString('hex'), prep.hexStart, 'latin1');
    return prep.bytes;
  }
  throw new SigningError('The document timestamp did not fit its placeholder after three layouts', { key: 'sign.err.timestampNoFit' });
}

/**
 * The pre-write check for extended files: every signature and timestamp intact with nothing
 * disallowed after it, and the signers' chains provably not revoked from the file alone.
 */
async function checkExtended(out: Buffer, expected: number): Promise<void> {
  const after = await verifyPdf(out, { revocation: { mode: 'offline', requireRevocation: true } });
  const problems: Said[] = [];
  if (after.signatures.length !== expected) problems.push(said('signCheck.count', { expected, found: after.signatures.length }));
  for (const s of after.signatures) {
    if (!s.intact || s.changesAfter.length) problems.push(said('signCheck.doesNotVerify', { field: s.field, detail: brokenBecause(s) }));
    if (s.kind === 'signature' && s.revocation?.status !== 'good') problems.push(said('signCheck.notRevokedProof', { field: s.field }));
  }
  const text = problems.map(english).join('; ');
  if (problems.length) throw new OutputCheckError(`The extended PDF failed its own check: ${text}`, {
    hint: 'No output was written. This is a bug in sohoa; report it with the input file.',
    key: 'sign.err.selfCheckExtended',
    params: { problems: text },
    paramsSaid: { problems },
    hintKey: 'sign.err.selfCheckHint',
  });
}
