import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { ScanConfig } from '../../config/schema.js';
import type { DocumentPart } from '../../domain/document-state.js';
import { InterruptedError, ScannerError, UsageError } from '../../errors.js';
import type { AcquireResult, Scanner } from '../../ports/scanner.js';
import { fileStack, type PageSource, type StackResult } from './file-stack.js';
import { raw } from './inspect.js';
import { splitRules } from './split.js';

export { fileStack, type StackResult, type PageSource } from './file-stack.js';
export { planSplit, splitRules, dossierCodeIn, type SplitRules } from './split.js';

/** Decree 30/2020 Annex I: a scan for an electronic copy is at least 200 dpi. */
export const MIN_SCAN_DPI = 200;

export interface ScanRequest {
  inbox: string;
  unit: string;
  dossier?: string;
  part: DocumentPart;
  split: boolean;
  config: ScanConfig;
  /** Private folder scanimage writes into before pages are filed; removed afterwards. */
  workDir: string;
  now?: Date;
  signal?: AbortSignal;
}

export interface ScanResult extends StackResult {
  batch: string;
  scanned: number;
  used: AcquireResult['used'];
  /** The scanner stopped with an error; the pages before it are filed all the same. */
  error?: ScannerError;
}

const FOLDER_SAFE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;

function checkRequest(r: ScanRequest): void {
  if (r.config.resolution < MIN_SCAN_DPI) {
    throw new UsageError(`Expected a resolution of at least ${MIN_SCAN_DPI} dpi (Decree 30/2020), got ${r.config.resolution}`, {
      hint: 'Scan at 300 dpi (the default).',
      key: 'scan.lowDpi',
      params: { min: MIN_SCAN_DPI, value: r.config.resolution },
      hintKey: 'scan.lowDpiHint',
    });
  }
  if (!FOLDER_SAFE.test(r.unit)) throw new UsageError(`Expected a unit code such as 29236 for --unit, got "${r.unit}"`, { key: 'scan.badUnit', params: { value: r.unit } });
  if (r.dossier !== undefined && !FOLDER_SAFE.test(r.dossier)) {
    throw new UsageError(`Expected a dossier code of letters, digits, dots and hyphens for --dossier, got "${r.dossier}"`, { key: 'scan.badDossier', params: { value: r.dossier } });
  }
  if (!r.split && !r.dossier) {
    throw new UsageError('Expected --dossier CODE, or --split barcode to take dossier codes from the pages', {
      hint: 'Example: sohoa scan --unit 29236 --dossier 29236-2022-0000152',
      key: 'scan.needDossierOrSplit',
      hintKey: 'scan.needDossierOrSplitHint',
    });
  }
}

/** `scan-20261203-071500-1a2b`: a batch name ingest groups into one document per dossier and part. */
function batchName(now: Date): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `scan-${t}-${randomBytes(2).toString('hex')}`;
}

/**
 * `sohoa scan`: acquires pages from the scanner into a private folder, then files each one
 * atomically into `INBOX/<unit>/<dossier>/<part>/`, split by barcode when asked. Pages scanned
 * before a jam or an empty feeder are filed, and the error is returned with them.
 */
export async function scanToInbox(scanner: Scanner, r: ScanRequest): Promise<ScanResult> {
  checkRequest(r);
  const rules = splitRules(r.config);
  await fsp.mkdir(r.workDir, { recursive: true });
  const outDir = await fsp.mkdtemp(path.join(r.workDir, 'batch-'));
  try {
    const acquired = await scanner.acquire({
      device: r.config.device,
      source: r.config.source,
      resolution: r.config.resolution,
      mode: r.config.mode,
      format: r.config.format,
      outDir,
      idleTimeoutMs: r.config.idleTimeoutSeconds * 1000,
      signal: r.signal,
    });
    const duplex = r.config.source === 'ADF-Duplex';
    const pages: PageSource[] = acquired.pages.map((file, i) => ({
      no: i + 1,
      ext: r.config.format,
      backside: duplex && i % 2 === 1,
      pixels: async () => ({ img: await raw(sharp(file)), dpi: acquired.used.resolution }),
      bytes: () => fsp.readFile(file),
    }));
    const batch = batchName(r.now ?? new Date());
    // Interrupted: file what was scanned, then stop.
    const filed = await fileStack(pages, { inbox: r.inbox, unit: r.unit, stem: batch, split: r.split, rules, formats: r.config.barcodeFormats, start: { dossier: r.dossier, part: r.part }, dropBlankBacksides: r.config.dropBlankBacksides });
    if (r.signal?.aborted && !acquired.error) throw new InterruptedError(`Interrupted: ${filed.filed.length + filed.held.length} scanned page(s) were filed`, { key: 'scan.interrupted', params: { n: filed.filed.length + filed.held.length } });
    return { ...filed, batch, scanned: acquired.pages.length, used: acquired.used, error: acquired.error };
  } finally {
    await fsp.rm(outDir, { recursive: true, force: true });
  }
}
