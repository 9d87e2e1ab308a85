import { promises as fsp } from 'node:fs';
import { maskName } from '../../domain/privacy.js';
import { looksLikeOrgan } from './metadata-header.js';
import { foldText } from './normalize.js';

/**
 * Who signed an input PDF, and when: the evidence an e-signed copy carries of its own. Only
 * the verifier's public entry point is used (its internals are being rewritten).
 */
export interface SignerInfo {
  /** The signer certificate's CN (for an agency certificate, the agency's name). */
  commonName?: string;
  /** The certificate's O. */
  organization?: string;
  /** Signing time, ISO 8601 in Vietnam time: the time-stamp's when there is one, else the claimed time. */
  signingTime?: string;
  timeSource?: 'timestamp' | 'claimed';
  /** The signature still covers what it signed (CMS and digest checks passed). */
  intact: boolean;
}

function dn(subject: string | undefined, key: string): string | undefined {
  if (!subject) return undefined;
  const m = new RegExp(`(?:^|,\\s*)${key}=([^,]+)`).exec(subject);
  return m?.[1]?.trim();
}

/** ISO 8601 with the +07:00 offset that Decree 30 shows ("2022-01-13T10:20:00+07:00"). */
export function vietnamTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return `${t.slice(0, 19)}+07:00`;
}

export async function readSigners(pdf: Uint8Array): Promise<SignerInfo[]> {
  let report;
  try {
    // Loaded on use: the verifier pulls in pkijs, which `sohoa --help` (via classify) should not pay for.
    const { verifyPdf } = await import('../../verify/index.js');
    report = await verifyPdf(pdf);
  } catch {
    return []; // an unreadable signature is no evidence either way; verify reports it elsewhere
  }
  return report.signatures
    .filter((s) => s.kind === 'signature')
    .map((s) => {
      const time = s.timestamp?.valid ? s.timestamp.time : s.signingTime;
      return {
        ...(dn(s.subject, 'CN') ? { commonName: dn(s.subject, 'CN') } : {}),
        ...(dn(s.subject, 'O') ? { organization: dn(s.subject, 'O') } : {}),
        ...(time ? { signingTime: vietnamTime(time), timeSource: s.timestamp?.valid ? ('timestamp' as const) : ('claimed' as const) } : {}),
        intact: s.cmsValid && s.digestMatch,
      };
    });
}

/**
 * The signers of every input PDF of a document, in input order. Only PDFs that carry a
 * signature dictionary are verified (a scan's image or an unsigned PDF costs a read, no more).
 */
export async function readInputSigners(files: string[]): Promise<SignerInfo[]> {
  const out: SignerInfo[] = [];
  for (const file of files) {
    const bytes = await fsp.readFile(file);
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-' || !bytes.includes('/ByteRange')) continue;
    out.push(...(await readSigners(bytes)));
  }
  return out;
}

/** The visible stamp of an e-signed copy: "Ký bởi: … Cơ quan: … Thời gian ký: 08/02/2025 14:42:41". */
export interface SignatureStamp {
  signedBy?: string;
  organ?: string;
  /** YYYY-MM-DD. */
  date?: string;
}

export function parseSignatureStamp(text: string): SignatureStamp | undefined {
  const lines = text.normalize('NFC').split('\n');
  const out: SignatureStamp = {};
  for (const line of lines) {
    const f = foldText(line);
    const value = line.slice(line.indexOf(':') + 1).trim();
    if (/^ky boi\s*:/.test(f)) out.signedBy = value;
    else if (/^co quan\s*:/.test(f)) out.organ = value;
    else if (/^thoi gian ky\s*:/.test(f)) {
      const m = /(\d{1,2})[/.](\d{1,2})[/.](\d{4})/.exec(value);
      if (m) out.date = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    }
  }
  return out.signedBy || out.date ? out : undefined;
}

/**
 * A signer as a citizen's record may keep it: an agency certificate names an organisation and
 * stays; a personal certificate's name is personal data (Decree 13/2023) and keeps only its initials.
 */
export function withoutPersonalName(s: SignerInfo): SignerInfo {
  return s.commonName && !looksLikeOrgan(s.commonName) ? { ...s, commonName: maskName(s.commonName) } : s;
}
