import { z } from 'zod';
import { COPY_TYPES } from './copy-types.js';
import { LEVELS } from '../stages/sign/levels.js';

/**
 * The one configuration schema. Sources, lowest to highest precedence:
 * defaults here, `sohoa.config.json`, `SOHOA_*` environment variables, command-line flags.
 * Secrets are never values here: only the names of the environment variables or files
 * that hold them.
 */

const level = z.enum(['province', 'district', 'commune']);

export { COPY_TYPES };

/** What a report's target is measured on (see src/domain/rates.ts). */
export const MEASURES = ['components', 'results', 'signed', 'archived'] as const;

export const targetsSchema = z
  .object({
    province: z.number().min(0).max(100).default(50).describe('Target rate (%) for dossiers received at province level'),
    district: z.number().min(0).max(100).default(40).describe('Target rate (%) for district level'),
    commune: z.number().min(0).max(100).default(35).describe('Target rate (%) for commune level'),
  })
  .strict();

/**
 * Default of classify.reviewBelow, measured by `npm run bench -- review-threshold` (figures in
 * docs/review.md): every wrong type of the shipped rules scored below 0.6 on both the
 * validation and the heldout split (the highest, 0.52), at 1 of 111 and 8 of 170 right ones held.
 */
export const REVIEW_BELOW_DEFAULT = 0.6;
/**
 * Default of ocr.reviewBelow, measured by `npm run bench -- accuracy` (docs/ocr.md): good
 * readings (CER ≤ 5%) scored 91.8–96.8, garbled or sideways ones 38–60 (one 79 at 17% CER).
 */
export const OCR_REVIEW_BELOW_DEFAULT = 0.85;

/**
 * The scanning desk (`sohoa scan`, stack splitting at ingest). The default dossier-code pattern
 * wants letters, digits and dots in at least two parts joined by hyphens (84-2022-0000109,
 * 000.00.12.H62-220315-0001), so a product barcode or an ID card's QR code does not start a dossier.
 */
export const scanSchema = z
  .object({
    inbox: z.string().optional().describe('Inbox that `sohoa scan` files pages into (INBOX/<unit>/<dossier>/<part>/)'),
    device: z.string().optional().describe('SANE device name (see `sohoa scan --list`); default: the first scanner SANE finds'),
    source: z.enum(['ADF', 'Flatbed', 'ADF-Duplex']).default('ADF').describe('Paper source: the document feeder, the glass, or the feeder scanning both sides'),
    resolution: z.number().int().min(200).max(1200).default(300).describe('Scan resolution in dpi (Decree 30/2020: 200 or more)'),
    mode: z.enum(['Color', 'Gray', 'Lineart']).default('Color').describe('Colour mode (Decree 30/2020 asks for colour)'),
    format: z.enum(['png', 'tiff']).default('png').describe('Page file format written into the inbox'),
    dossierPattern: z
      .string()
      .default('^(?=.{6,64}$)[0-9A-Za-z.]+(?:-[0-9A-Za-z.]+)+$')
      .describe('Regular expression a barcode must match to start a dossier; a named group (?<code>…) picks the dossier code out of a longer text'),
    codePage: z.enum(['keep', 'drop']).default('keep').describe('A page whose barcode starts a dossier: keep it (the receipt) or drop it (a separator sheet)'),
    resultMarker: z.string().default('KET-QUA').describe('Barcode text that switches the current dossier to its result (ket-qua)'),
    markerPage: z.enum(['keep', 'drop']).default('drop').describe('The page carrying the result marker: keep it or drop it (a separator sheet)'),
    barcodeFormats: z.array(z.string()).min(1).default(['Code128', 'QRCode']).describe('Barcode symbologies to read (zxing-wasm names: Code128, QRCode, Code39, DataMatrix, …)'),
    dropBlankBacksides: z.boolean().default(true).describe('In ADF-Duplex, drop backsides the blank-page check finds blank (they are counted)'),
    idleTimeoutSeconds: z.number().positive().default(300).describe('Stop scanimage when it shows no progress for this long'),
  })
  .strict();

export const configSchema = z
  .object({
    workspace: z.string().default('./.sohoa').describe('Folder for the catalog and working files'),
    lang: z
      .enum(['vi', 'en'])
      .default('vi')
      .describe('Language of all human output (messages, progress, summaries, errors, reports): vi or en; JSON stays language-neutral'),
    archive: z
      .string()
      .optional()
      .describe('Archive URL: file:///path or s3://bucket/prefix (default: file store under the workspace)'),
    concurrency: z.number().int().min(1).max(64).optional().describe('CPU workers (default: number of cores)'),
    logFormat: z.enum(['text', 'json']).optional().describe('Progress and log output; json is JSON lines'),
    s3: z
      .object({
        endpoint: z.string().url().optional().describe('Endpoint of an S3-compatible server'),
        region: z.string().default('us-east-1').describe('S3 region'),
        forcePathStyle: z.boolean().default(false).describe('Use path-style addressing (most self-hosted servers)'),
        checksum: z
          .enum(['when-supported', 'when-required'])
          .default('when-supported')
          .describe('SDK checksum mode; when-required for servers that mishandle checksums'),
        verifyUpload: z.enum(['head', 'read']).default('head').describe('How to confirm an upload in when-required mode'),
        multipartThresholdMB: z.number().positive().default(16).describe('Files above this size upload in parts'),
        ioConcurrency: z.number().int().min(1).max(64).default(4).describe('Parallel uploads'),
      })
      .strict()
      .default({ region: 'us-east-1', forcePathStyle: false, checksum: 'when-supported', verifyUpload: 'head', multipartThresholdMB: 16, ioConcurrency: 4 }),
    archiveKeyTemplate: z
      .string()
      .optional()
      .describe('Object key template; placeholders {province} {district} {commune} {year} {dossier} {part} {document}'),
    retention: z
      .object({
        mode: z.enum(['GOVERNANCE', 'COMPLIANCE']).optional().describe('S3 Object Lock mode for new objects'),
        days: z.number().int().positive().optional().describe('Keep new objects locked for this many days'),
        perType: z.record(z.string(), z.number().int().positive()).optional().describe('Retention days per document type id'),
      })
      .strict()
      .optional(),
    ocr: z
      .object({
        lang: z.string().default('vie+eng').describe('Tesseract languages'),
        minDpi: z.number().positive().default(200).describe('Pages below this resolution are rejected (Decree 30/2020)'),
        recycleAfter: z.number().int().positive().default(100).describe('Recycle a tesseract worker after this many pages'),
        settleSeconds: z.number().min(0).default(30).describe('Files younger than this are left for the next run'),
        forceOcr: z.boolean().default(false).describe('OCR PDFs that already have a text layer'),
        psm: z
          .number()
          .int()
          .min(0)
          .max(13)
          .default(3)
          .describe('Tesseract page segmentation mode: 3 automatic (default, as the tesseract command line); 6 single block; 4 single column; 11 sparse text'),
        engine: z
          .enum(['tesseract.js', 'native'])
          .default('tesseract.js')
          .describe('OCR engine: tesseract.js (WASM, default, needs only npm) or native (the tesseract command, faster; same models)'),
        reviewBelow: z.number().min(0).max(1).default(OCR_REVIEW_BELOW_DEFAULT).describe(`A non-blank page read with less OCR confidence (0–1) sends its document to review (default ${OCR_REVIEW_BELOW_DEFAULT})`),
      })
      .strict()
      .default({ lang: 'vie+eng', minDpi: 200, recycleAfter: 100, settleSeconds: 30, forceOcr: false, psm: 3, engine: 'tesseract.js', reviewBelow: OCR_REVIEW_BELOW_DEFAULT }),
    classify: z
      .object({
        minConfidence: z.number().min(0).max(1).optional().describe('Old name of classify.reviewBelow (still accepted)'),
        model: z.string().optional().describe('Model file written by `sohoa classify train`'),
        rules: z.string().optional().describe('Extra rules file (JSON) with your own document types'),
        reviewBelow: z
          .number()
          .min(0)
          .max(1)
          .optional()
          .describe(`Type confidence (0–1) below which a document waits in review before signing (default ${REVIEW_BELOW_DEFAULT})`),
      })
      .strict()
      // reviewBelow wins; minConfidence is its old name. Both read the same value afterwards.
      .transform((c) => {
        const t = c.reviewBelow ?? c.minConfidence ?? REVIEW_BELOW_DEFAULT;
        return { ...c, reviewBelow: t, minConfidence: t };
      })
      .prefault({}),
    sign: z
      .object({
        p12: z.string().optional().describe('PKCS#12 file'),
        passphraseEnv: z.string().optional().describe('Environment variable holding the P12 passphrase'),
        passphraseFile: z.string().optional().describe('File holding the P12 passphrase'),
        pkcs11Module: z.string().optional().describe('PKCS#11 module (.so) of the token'),
        tokenLabel: z.string().optional().describe('PKCS#11 token label'),
        keyLabel: z.string().optional().describe('PKCS#11 private key label'),
        pinEnv: z.string().optional().describe('Environment variable holding the token PIN'),
        pinFile: z.string().optional().describe('File holding the token PIN'),
        tsa: z.string().url().optional().describe('RFC 3161 time-stamp authority URL'),
        agency: z.string().optional().describe('Copying agency name for the visible signature'),
        copyType: z.enum(COPY_TYPES).default('SAO Y').describe('Copy type in the visible signature (Decree 30/2020)'),
        appearance: z.enum(['copy', 'none', 'seal']).default('copy').describe('Visible copy box, invisible, or agency seal'),
        seal: z.string().optional().describe('Transparent PNG of the agency seal'),
        allowExpired: z.boolean().default(false).describe('Sign with an expired or not-yet-valid certificate'),
        level: z
          .enum(LEVELS)
          .optional()
          .describe('PAdES level for `run` and `sign`: B-B, B-T (needs tsa), B-LT, B-LTA (default: B-T with a tsa, else B-B)'),
      })
      .strict()
      .default({ copyType: 'SAO Y', appearance: 'copy', allowExpired: false }),
    report: z
      .object({
        targets: targetsSchema.default({ province: 50, district: 40, commune: 35 }),
        lang: z.enum(['vi', 'en']).optional().describe('Report labels: Vietnamese or English (default: the run language, `lang`)'),
        targetOn: z
          .array(z.enum(MEASURES))
          .min(1)
          .default([...MEASURES])
          .describe('Rates the target applies to: components, results, signed, archived (default all: digitized, signed and archived)'),
      })
      .strict()
      .default({ targets: { province: 50, district: 40, commune: 35 }, targetOn: [...MEASURES] }),
    catalog: z
      .object({
        url: z
          .string()
          .optional()
          .describe('The catalog: sqlite:PATH (default: catalog.sqlite in the workspace) or postgres://user@host:port/db for a shared catalog; the password comes from PGPASSWORD, ~/.pgpass or catalog.passwordFile, never the URL'),
        passwordFile: z.string().optional().describe('File holding the PostgreSQL password'),
        outageMinutes: z.number().positive().default(10).describe('How long workers wait for PostgreSQL or the object store to come back before they stop with exit 5'),
        leaseSeconds: z.number().int().min(5).max(3600).default(60).describe('A worker\'s claim on a document lasts this long unless renewed; a dead worker\'s documents go to others after it'),
        pollSeconds: z.number().positive().default(5).describe('How often an idle worker looks for new work when notifications are not coming through'),
      })
      .strict()
      .default({ outageMinutes: 10, leaseSeconds: 60, pollSeconds: 5 }),
    originals: z
      .object({
        store: z
          .enum(['workspace', 'object-store'])
          .optional()
          .describe('Where ingest keeps the originals: the workspace folder, or staged in the archive\'s object store for workers on other machines (default: object-store with a PostgreSQL catalog, else workspace)'),
        stagingPrefix: z.string().default('_staging/originals/').describe('Key prefix of staged originals in the object store'),
        deleteAfterArchive: z.boolean().default(false).describe('Delete a staged original once every document using it is archived (default: keep)'),
      })
      .strict()
      .default({ stagingPrefix: '_staging/originals/', deleteAfterArchive: false }),
    // A full default object (not prefault), so `config keys` and SOHOA_SCAN_* see every key.
    scan: scanSchema.default(scanSchema.parse({})),
    keepWorkFiles: z
      .boolean()
      .default(false)
      .describe('Keep each document\'s work folder (<workspace>/work/<uid>: page images, OCR words, unsigned PDF) after it is archived'),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type Level = z.infer<typeof level>;
export type Targets = z.infer<typeof targetsSchema>;
export type ScanConfig = z.infer<typeof scanSchema>;
