import type { SqlCatalog } from '../adapters/sql/catalog.js';
import type { Config } from '../config/schema.js';
import type { DocumentRecord } from '../ports/document-store.js';
import type { OcrEngine } from '../ports/ocr-engine.js';
import type { Signer } from '../ports/signer.js';
import { InputRejectedError, SigningError } from '../errors.js';
import { acquireLock } from './lock.js';
import type { EventSink, RunSummary } from './events.js';
import { runDocuments } from './runner.js';
import { STEP_NAMES, stepFor, type StepName } from './steps.js';
import { createHandlers } from './handlers.js';
import { ingestInbox, type IngestResult } from '../stages/ingest/index.js';
import { createOcrEngine } from '../adapters/tesseract/engine.js';
import { loadClassifier } from '../stages/classify/index.js';
import { checkLevel, openSigner } from '../stages/sign/index.js';
import { openObjectStore } from '../stages/archive/index.js';
import { reviseOutdatedSidecars } from '../stages/archive/sidecar-version.js';
import { planIngest, summariseIngest, type IngestPlan } from './ingest-report.js';
import { loadRules } from '../stages/classify/rules.js';

/** Type id → Vietnamese name (Annex VI TypeName), for sidecars written after review. */
export function typeNames(config: Config): Map<string, string> {
  return new Map(loadRules(config.classify.rules).map((t) => [t.id, t.name]));
}
import { openOriginals, type OpenedOriginals } from '../adapters/originals/index.js';
import { releaseArchivedOriginals } from '../stages/originals/release.js';
import { sweepArchivedWorkDirs } from './housekeeping.js';
import { saidWarning } from '../stages/ingest/warnings.js';
import { ClaimedWork, pendingCounts, rejectDocument } from './claims.js';
import { OutageGate } from './outage.js';
import { lazyOcrEngine } from './lazy-engine.js';

export interface RunPipelineOptions {
  catalog: SqlCatalog;
  config: Config;
  inbox?: string;
  steps: StepName[];
  cpuConcurrency: number;
  limit?: number;
  maxDurationMs?: number;
  dryRun?: boolean;
  signal: AbortSignal;
  events: EventSink;
  env?: NodeJS.ProcessEnv;
  /**
   * `sohoa worker` (shared catalog only): when nothing is pending, wait with this for new work
   * instead of ending; and a signal lets each document finish the step it is in.
   */
  follow?: (signal: AbortSignal) => Promise<void>;
  /** The command recorded in the catalog's runs (default `run`). */
  command?: string;
}

export interface DryRunPlan {
  dryRun: true;
  ingest?: IngestPlan;
  documents: Array<{ uid: string; name: string; stage: string; next: StepName[] }>;
}

export type RunResult = { summary: RunSummary; ingest?: IngestResult } | DryRunPlan;

/** The steps a document at `doc.stage` still has to go through, within the requested ones. */
export function remainingSteps(doc: Pick<DocumentRecord, 'stage'>, steps: StepName[]): StepName[] {
  const first = stepFor(doc.stage);
  if (!first) return [];
  const out: StepName[] = [];
  for (const name of STEP_NAMES.slice(STEP_NAMES.indexOf(first.name))) {
    if (!steps.includes(name)) break;
    out.push(name);
  }
  return out;
}

/**
 * `sohoa run`: lock the workspace, check signing and storage before any page is OCRed, ingest
 * the inbox, then take every pending document through its remaining steps.
 */
export async function runPipeline(o: RunPipelineOptions): Promise<RunResult> {
  const { catalog, config } = o;
  if (o.dryRun) {
    const documents = catalog.documents
      .pending()
      .map((d) => ({ uid: d.uid, name: d.name, stage: d.stage, next: remainingSteps(d, o.steps) }))
      .filter((d) => d.next.length > 0)
      .slice(0, o.limit ?? Infinity);
    const ingest = o.inbox ? await planIngest(catalog, o.inbox, config.ocr.settleSeconds) : undefined;
    return { dryRun: true, documents, ...(ingest ? { ingest } : {}) };
  }

  // One machine: the workspace lock (exit 11). A shared catalog: many workers at once by design,
  // each document under a lease instead.
  const shared = catalog.shared;
  const lock = shared ? undefined : await acquireLock(config.workspace, 'sohoa run');
  const gate = shared ? new OutageGate(config.catalog.outageMinutes * 60_000, o.events) : undefined;
  const runId = catalog.runs.start(o.command ?? 'run', process.pid);
  let claims: ClaimedWork | undefined;
  let signer: Signer | undefined;
  let engine: OcrEngine | undefined;
  let opened: OpenedOriginals | undefined;
  let summary: RunSummary | undefined;
  let runnerSummary: RunSummary | undefined;
  let exitCode = 1;
  try {
    if (lock?.tookOver) o.events({
        type: 'warning',
        message: `Took over a lock left by pid ${lock.tookOver.pid} (${lock.tookOver.since}), which is no longer running`,
        key: 'pipeline.tookOverLock',
        params: { pid: lock.tookOver.pid, since: lock.tookOver.since },
      });
    // Fail fast: a wrong passphrase or a missing token must stop the run before any OCR.
    if (o.steps.includes('sign')) {
      if (config.sign.appearance === 'copy' && !config.sign.agency) {
        throw new SigningError("The visible signature needs the copying agency's name", {
          hint: 'Pass --agency "…" (or sign.agency in the config), or --appearance none.',
          key: 'sign.needsAgency',
          hintKey: 'sign.needsAgencyHint',
        });
      }
      // B-T and above need a TSA: one signing error now, not one per document after OCR.
      if (config.sign.level) checkLevel(config.sign.level, Boolean(config.sign.tsa));
      signer = await openSigner(config.sign, o.env ?? process.env);
      await signer.check({ allowExpired: config.sign.allowExpired });
    }
    const store = o.steps.includes('archive') ? openObjectStore(config.archive, config) : undefined;
    // Fail fast on storage too: wrong credentials or a read-only archive stop the run before any OCR.
    await (gate ? gate.retry(async () => store?.probe(), o.signal, 'object-store') : store?.probe());
    const classifier = o.steps.includes('classify') ? loadClassifier(config.classify) : undefined;

    // Staged originals live in the archive's object store: the one opened above when archiving.
    opened = openOriginals(config, { store });
    const { originals, staged } = opened;
    await staged?.sweepCache();
    let ingest: IngestResult | undefined;
    if (o.inbox) {
      ingest = await ingestInbox(catalog, o.inbox, { settleSeconds: config.ocr.settleSeconds, originals, scan: config.scan, signal: o.signal });
      o.events({ type: 'ingest', registered: ingest.registered.length, shared: ingest.shared.length, versions: ingest.versions.length, unsettled: ingest.waiting.length, rejected: ingest.rejected.length });
      for (const v of ingest.versions) o.events({ type: 'new-version', ...v });
      for (const w of ingest.warnings) o.events({ type: 'warning', ...saidWarning(w) });
      for (const r of ingest.rejected) o.events({ type: 'document-rejected', document: r.file, stage: 'ingested', reason: r.reason, message: r.message, file: r.file, ...(r.key ? { key: r.key, params: r.params } : {}) });
      if (shared && ingest.registered.length) catalog.work.announce();
    }

    // Archived documents a review decision changed get their new sidecar version first; on a
    // shared catalog one worker at a time does it (the others go on with their documents).
    let sidecarVersions = 0;
    const reviseSidecars = async () => {
      const revised = store ? ((await catalog.exclusive('sidecar-versions', () => reviseOutdatedSidecars({ store, catalog }, typeNames(config)))) ?? []) : [];
      for (const r of revised) o.events({ type: 'sidecar-version', document: r.uid, key: r.key, version: r.version });
      sidecarVersions += revised.length;
    };
    await reviseSidecars();

    if (!config.keepWorkFiles) await sweepArchivedWorkDirs(catalog, config.workspace);
    let docs: Iterable<DocumentRecord> | AsyncIterable<DocumentRecord>;
    let counts: { documents: number; pages: number };
    if (shared) {
      claims = new ClaimedWork({ catalog, steps: o.steps, leaseSeconds: config.catalog.leaseSeconds, workspace: config.workspace, events: o.events, gate: gate!, signal: o.signal,
        // A worker that never ends also picks up sidecars a decision left outdated (the archive was
        // away when the person decided), whenever it runs out of documents.
        waitForWork: o.follow && (async (signal) => {
          await gate!.retry(reviseSidecars, signal);
          await o.follow!(signal);
        }),
      });
      docs = claims.documents();
      counts = pendingCounts(catalog, o.steps);
      // Whether OCR is needed is known only as documents are claimed.
      if (o.steps.includes('ocr')) engine = lazyOcrEngine(o.cpuConcurrency, () => createOcrEngine(config.ocr, o.cpuConcurrency));
    } else {
      const pending = catalog.documents.pending().filter((d) => remainingSteps(d, o.steps).length > 0);
      docs = pending;
      counts = { documents: pending.length, pages: pending.reduce((a, d) => a + (d.pageCount ?? 0), 0) };
      if (o.steps.includes('ocr') && pending.some((d) => remainingSteps(d, o.steps)[0] === 'ocr')) {
        engine = await createOcrEngine(config.ocr, o.cpuConcurrency);
      }
    }
    o.events({ type: 'start', runId, ...counts, concurrency: o.cpuConcurrency, stages: ['ingested'] });
    const handlers = createHandlers({
      catalog,
      config,
      engine,
      classifier,
      signer,
      store,
      originals,
      // A worker told to stop finishes the step each document is in; `run` stops at once.
      signal: o.follow ? new AbortController().signal : o.signal,
      fence: claims ? (id) => claims!.fence(id) : undefined,
    });
    summary = await runDocuments(docs, {
      runId,
      steps: o.steps,
      handlers,
      reload: (id) => catalog.documents.get(id)!,
      reject: (doc, err: InputRejectedError) => rejectDocument(catalog, claims, doc, err),
      gate,
      onDocumentEnd: claims ? (doc) => claims!.release(doc) : undefined,
      cpuConcurrency: o.cpuConcurrency + 1,
      ioConcurrency: config.s3.ioConcurrency,
      maxInFlight: Math.max(4, o.cpuConcurrency * 3),
      limit: o.limit,
      deadline: o.maxDurationMs ? Date.now() + o.maxDurationMs : undefined,
      signal: o.signal,
      // The runner's own summary event is held back: the one emitted below includes ingest.
      events: (e) => (e.type === 'summary' ? (runnerSummary = e.summary) : o.events(e)),
    });
    summary.sidecarVersions = sidecarVersions;
    if (staged && config.originals.deleteAfterArchive && !o.signal.aborted) {
      const released = await releaseArchivedOriginals(catalog.documents, staged);
      if (released.length) o.events({ type: 'originals-released', count: released.length, store: staged.location });
    }
    if (ingest) {
      // Ingest rejections count like any other: the progress bar, the summary, the stored run
      // record and the exit code all see the same number.
      summary.ingest = summariseIngest(catalog, ingest, config.ocr.settleSeconds);
      summary.rejected.unshift(...summary.ingest.rejected.map((r) => ({ document: r.file, stage: 'ingested' as const, reason: r.reason, message: r.message, ...(r.key ? { key: r.key, params: r.params } : {}) })));
      summary.documents.rejected += summary.ingest.rejected.length;
    }
    if (summary.documents.rejected > 0 && summary.exitCode === 0) summary.exitCode = 2;
    exitCode = summary.exitCode;
    o.events({ type: 'summary', summary });
    return { summary, ingest };
  } catch (err) {
    exitCode = (err as { exitCode?: number }).exitCode ?? 15;
    if (runnerSummary) o.events({ type: 'summary', summary: runnerSummary });
    throw err;
  } finally {
    claims?.close();
    await engine?.terminate().catch(() => undefined);
    await signer?.close().catch(() => undefined);
    opened?.close();
    try {
      catalog.runs.finish(runId, exitCode, summary ?? runnerSummary ?? null);
    } catch (err) {
      // A shared catalog that stayed away: the run's record stays open, the documents are safe.
      if (!shared) throw err;
    }
    await lock?.release();
  }
}

export { parseDuration } from './duration.js';
