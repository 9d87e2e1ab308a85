import path from 'node:path';
import { InputRejectedError } from '../../errors.js';
import type { Catalog } from '../../ports/catalog.js';
import type { OcrEngine } from '../../ports/ocr-engine.js';
import type { SearchablePdf } from '../pdf/index.js';
import { digitizeDocument, type DigitizeOptions } from './document.js';
import { pageRecords } from './index.js';
import { workspaceOriginals } from '../../adapters/originals/index.js';
import { releaseInputs, verifiedInputs, withInboxNames } from '../originals/read.js';
import type { OriginalsStore } from '../../ports/originals.js';

export type CatalogStepResult =
  | { status: 'done'; documentId: number; pdf: SearchablePdf; pages: number; confidence: number }
  | { status: 'rejected'; documentId: number; reason: string; message: string; hint?: string };

/**
 * One catalog document through preprocess → OCR → PDF: work files in
 * `<workspace>/work/<uid>/`, page rows in the catalog, stage `pdf` recorded only once the PDF
 * and sidecar are durable. Bad input rejects the document (with its reason) instead of throwing.
 */
export async function digitizeCatalogDocument(
  catalog: Catalog,
  documentId: number,
  engine: OcrEngine,
  workspace: string,
  opts: DigitizeOptions = {},
  /** Where the inputs' bytes are read from (default: the workspace's originals store). */
  originals: OriginalsStore = workspaceOriginals(workspace),
): Promise<CatalogStepResult> {
  const doc = catalog.documents.get(documentId);
  if (!doc) throw new Error(`Expected document ${documentId} in the catalog, but it is missing`);
  const workDir = path.join(workspace, 'work', doc.uid);
  try {
    const inputs = await verifiedInputs(catalog.documents, originals, documentId);
    const r = await digitizeDocument(
      inputs.map((i) => i.local),
      workDir,
      engine,
      { ...opts, meta: { title: doc.name, subject: [doc.dossierCode, doc.part].filter(Boolean).join(' / '), ...opts.meta } },
    )
      .catch((err: unknown) => {
        throw withInboxNames(err, inputs);
      })
      .finally(() => releaseInputs(originals, inputs));
    catalog.transaction(() => {
      const pages = pageRecords(r.pages, r.ocr);
      catalog.documents.savePages(documentId, pages);
      catalog.search?.indexPages(documentId, pages);
      catalog.documents.advance(documentId, 'pdf', { pageCount: r.pdf.pageCount, workDir, pdfSha256: r.pdf.sha256 });
    });
    const read = r.ocr.filter((o) => o.source !== 'blank');
    const confidence = read.length ? read.reduce((s, o) => s + o.confidence, 0) / read.length : 0;
    return { status: 'done', documentId, pdf: r.pdf, pages: r.pdf.pageCount, confidence };
  } catch (err) {
    if (!(err instanceof InputRejectedError)) throw err;
    catalog.documents.reject(documentId, err.reason, err.message);
    return { status: 'rejected', documentId, reason: err.reason, message: err.message, hint: err.hint };
  }
}
