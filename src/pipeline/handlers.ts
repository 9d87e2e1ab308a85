import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { SqlCatalog } from '../adapters/sql/catalog.js';
import type { DocumentRecord, PageRecord } from '../ports/document-store.js';
import type { OcrEngine } from '../ports/ocr-engine.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { Signer } from '../ports/signer.js';
import { UnitTree } from '../domain/units.js';
import { digitizeDocument, pageRecords } from '../stages/ocr/index.js';
import { pipelineEvidence, readInputSigners, type ClassifyOptions, type Classifier, type SignerInfo } from '../stages/classify/index.js';
import { signPdf } from '../stages/sign/index.js';
import { verifyPdf } from '../verify/index.js';
import { archiveDocument, type ArchiveInput } from '../stages/archive/index.js';
import { adoptOrphan } from '../stages/archive/adopt.js';
import { writeFileAtomic } from '../util/fs.js';
import { crashPoint, withCrashPoints } from './crash-points.js';
import type { OriginalsStore } from '../ports/originals.js';
import { openOriginals } from '../adapters/originals/index.js';
import { releaseInputs, verifiedInputs, withInboxNames } from '../stages/originals/read.js';
import { recordDossierProgress } from './dossier-progress.js';
import { reviewReasons } from '../domain/review-gate.js';
import { recordText } from '../domain/search-text.js';
import { removeWorkDir, workRoot } from './housekeeping.js';
import type { StepHandler } from './runner.js';
import type { StepName } from './steps.js';
import type { ArchivedDocumentRecord, ArchiveStore } from '../ports/archive-catalog.js';

export interface HandlerDeps {
  catalog: SqlCatalog;
  config: Config;
  engine?: OcrEngine;
  classifier?: Classifier;
  signer?: Signer;
  store?: ObjectStore;
  /** Where the inputs' bytes are read from (default: as the config says, see openOriginals). */
  originals?: OriginalsStore;
  signal: AbortSignal;
  /**
   * Shared catalog: checks, inside each commit's transaction, that this worker still holds the
   * document's lease (throws LeaseLostError otherwise, and the commit rolls back).
   */
  fence?: (documentId: number) => void;
}

/** The input PDFs' signers, found by the OCR step, for the classify step (in the work folder). */
const SIGNERS_FILE = 'input-signers.json';

async function readJsonIfAny<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export const workDirOf = (workspace: string, doc: DocumentRecord) => path.join(workRoot(workspace), doc.uid);

/** The per-document work of each step, committing to the catalog only once files are durable. */
export function createHandlers(d: HandlerDeps): Record<StepName, StepHandler> {
  const { catalog, config } = d;
  const docs = catalog.documents;
  const units = new UnitTree(catalog.units.all());
  const store = d.store ? withCrashPoints(d.store) : undefined;
  // Callers pass the store openOriginals gave them (and close it); this default is for tests and tools.
  const originals = d.originals ?? openOriginals(config, { store: d.store }).originals;
  /** A stage's commit: one transaction, refused when the lease on the document was lost. */
  const commit = <T>(doc: DocumentRecord, fn: () => T): T =>
    catalog.transaction(() => {
      d.fence?.(doc.id);
      return fn();
    });

  const ocr: StepHandler = async (doc) => {
    const workDir = workDirOf(config.workspace, doc);
    // Only the originals store, re-hashed: never the inbox, which may have changed since ingest.
    const inputs = await verifiedInputs(docs, originals, doc.id);
    const engine = d.engine!;
    let res: Awaited<ReturnType<typeof digitizeDocument>>;
    let signers: SignerInfo[];
    try {
      res = await digitizeDocument(
        inputs.map((i) => i.local),
        workDir,
        engine,
        {
          minDpi: config.ocr.minDpi,
          forceOcr: config.ocr.forceOcr,
          signal: d.signal,
          onPage: () => crashPoint('ocr'),
          meta: { title: doc.name, lang: 'vi' },
        },
      ).catch((err: unknown) => {
        throw withInboxNames(err, inputs);
      });
      // An e-signed input names its signer and signing time: evidence for classification.
      signers = await readInputSigners(inputs.map((i) => i.local));
    } finally {
      await releaseInputs(originals, inputs);
    }
    const pages = pageRecords(res.pages, res.ocr);
    if (signers.length) await writeFileAtomic(path.join(workDir, SIGNERS_FILE), JSON.stringify(signers));
    commit(doc, () => {
      docs.savePages(doc.id, pages);
      catalog.search.indexPages(doc.id, pages);
      docs.advance(doc.id, 'pdf', { pageCount: res.pdf.pageCount, workDir, pdfSha256: res.pdf.sha256 });
    });
    return { pages: res.pdf.pageCount, blankPages: pages.filter((p) => p.blank).map((p) => p.pageNo) };
  };

  const classify: StepHandler = async (doc) => {
    const pages = docs.pages(doc.id);
    const pageTexts = pages.map((p) => p.text);
    const result = d.classifier!.classify(pageTexts.join('\n\f\n'), { pages: pages.length, pageTexts, ...(await classifyEvidence(doc, pages)) });
    const held = catalog.classifications.get(doc.id)?.review
      ? [] // a person already decided this document's type; the gate has had its say
      : reviewReasons(
          { typeConfidence: result.confidence, needsReview: result.needsReview, reviewReasons: result.reviewReasons, pages },
          { typeBelow: config.classify.reviewBelow, ocrBelow: config.ocr.reviewBelow },
        );
    commit(doc, () => {
      catalog.classifications.record(doc.id, {
        type: result.type,
        confidence: result.confidence,
        alternatives: result.alternatives,
        needsReview: result.needsReview,
        metadata: result.metadata,
      });
      docs.advance(doc.id, 'classified');
      catalog.search.indexRecord(doc.id, recordText({ name: doc.name, dossierCode: doc.dossierCode, type: result.type, metadata: result.metadata }));
      if (held.length) catalog.review.hold(doc.id, held);
    });
    return { type: result.type, review: held.length ? held : undefined };
  };

  /** Page 1's word boxes read by position, the input's file name and the input's signers. */
  async function classifyEvidence(doc: DocumentRecord, pages: PageRecord[]): Promise<Pick<ClassifyOptions, 'evidence' | 'textSource' | 'textLayer'>> {
    const first = pages[0];
    const input = docs.inputsOf(doc.id)[0];
    const ev = await pipelineEvidence(first?.wordsPath ?? undefined, first?.width ?? 0, input ? path.basename(input.path) : undefined);
    const signers = await readJsonIfAny<SignerInfo[]>(path.join(workDirOf(config.workspace, doc), SIGNERS_FILE));
    return signers?.length ? { ...ev, evidence: { ...ev.evidence, signers } } : ev;
  }

  const sign: StepHandler = async (doc) => {
    const workDir = workDirOf(config.workspace, doc);
    const input = await fsp.readFile(path.join(workDir, 'document.pdf'));
    const s = config.sign;
    const signed = await signPdf(input, d.signer!, {
      appearance: s.appearance,
      copyType: s.copyType,
      agency: s.agency,
      seal: s.seal,
      tsa: s.tsa,
      allowExpired: s.allowExpired,
      level: s.level,
    });
    await writeFileAtomic(path.join(workDir, 'signed.pdf'), signed);
    crashPoint('after-sign');
    commit(doc, () => {
      docs.advance(doc.id, 'signed');
      if (doc.dossierCode) catalog.dossiers.markSigned(doc.dossierCode);
    });
  };

  const archive: StepHandler = async (doc) => {
    const workDir = workDirOf(config.workspace, doc);
    const pdfPath = path.join(workDir, 'signed.pdf');
    const cls = catalog.classifications.get(doc.id);
    const pages = docs.pages(doc.id);
    // Blank pages were not read: their confidence 0 says nothing about the text.
    const read = pages.filter((p) => !p.blank);
    const conf = read.length ? Math.round((read.reduce((a, p) => a + p.confidence, 0) / read.length) * 10) / 10 : null;
    const verdict = await verifyPdf(await fsp.readFile(pdfPath));
    // The SHA-256 recorded at ingest: the bytes OCR read were re-checked against it.
    const sources = docs.inputsOf(doc.id).map((i) => ({ name: path.basename(i.path), sha256: i.sha256 }));
    const dossier = doc.dossierCode ? catalog.dossiers.get(doc.dossierCode) : undefined;
    const year = (dossier?.receivedDate ?? doc.createdAt).slice(0, 4);
    const deps = { store: store!, catalog: d.fence ? fencedArchive(catalog, (fn) => commit(doc, fn)) : catalog, units, keyTemplate: config.archiveKeyTemplate, retention: config.retention, signal: d.signal };
    const input: ArchiveInput = {
      uid: doc.uid,
      dossierCode: doc.dossierCode,
      unitCode: doc.unitCode,
      part: doc.part,
      year,
      unitDate: dossier?.receivedDate ?? undefined,
      docType: cls?.type ?? null,
      pdfPath,
      metadata: (cls?.metadata as Record<string, unknown> | undefined) ?? {},
      pageCount: doc.pageCount,
      ocrConfidence: conf,
      signature: summariseSignatures(verdict),
      sources,
      blankPages: pages.filter((p) => p.blank).map((p) => p.pageNo),
    };
    // Shared catalog: what a worker on another machine uploaded before it died is adopted, not fought over.
    const res = (d.fence ? await adoptOrphan(deps, input) : undefined) ?? (await archiveDocument(deps, input));
    commit(doc, () => {
      docs.advance(doc.id, 'archived');
      recordDossierProgress(catalog, doc);
    });
    if (!config.keepWorkFiles) await removeWorkDir(workDir);
    return { key: res.key, alreadyArchived: res.status === 'already-archived' };
  };

  return { ocr, classify, sign, archive };
}

function summariseSignatures(report: Awaited<ReturnType<typeof verifyPdf>>): Record<string, unknown> {
  return {
    verdict: report.verdict,
    signatures: report.signatures.map((s) => ({
      subject: s.subject,
      issuer: s.issuer,
      signingTime: s.signingTime,
      timestamp: s.timestamp?.time,
      subFilter: s.subFilter,
      algorithm: s.algorithm,
    })),
  };
}

/** The catalog as archiveDocument sees it, with the record of the archived objects inside a fenced commit. */
function fencedArchive(catalog: SqlCatalog, commit: <T>(fn: () => T) => T): { archive: ArchiveStore; transaction<T>(fn: () => T): T } {
  const archive = new Proxy(catalog.archive, {
    get(target, prop) {
      if (prop === 'recordDocument') return (rec: ArchivedDocumentRecord) => commit(() => target.recordDocument(rec));
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { archive, transaction: (fn) => catalog.transaction(fn) };
}
