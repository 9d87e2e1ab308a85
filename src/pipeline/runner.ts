import PQueue from 'p-queue';
import type { DocumentRecord } from '../ports/document-store.js';
import { InputRejectedError, InterruptedError, SohoaError, ExitCode, toSohoaError, saidOf } from '../errors.js';
import { maskPersonalData } from '../domain/privacy.js';
import type { EventSink, RunSummary } from './events.js';
import { stepFor, type StepName } from './steps.js';
import { LeaseLostError } from '../ports/work-queue.js';
import { outageOf, type OutageGate } from './outage.js';

/** Does one step for one document and commits its result to the catalog once its files are durable. */
export type StepHandler = (
  doc: DocumentRecord,
) => Promise<{ pages?: number; key?: string; alreadyArchived?: boolean; type?: string; /** held for review, with why */ review?: string[]; blankPages?: number[] } | void>;

export interface RunnerOptions {
  runId: number;
  steps: StepName[];
  handlers: Record<StepName, StepHandler>;
  /** Reloads a document (its stage moves as steps commit). */
  reload(id: number): DocumentRecord;
  reject(doc: DocumentRecord, err: InputRejectedError): void;
  cpuConcurrency: number;
  ioConcurrency: number;
  /** At most this many documents in flight, so memory stays flat however large the inbox. */
  maxInFlight: number;
  limit?: number;
  deadline?: number;
  signal: AbortSignal;
  events: EventSink;
  /** Shared catalog: outages of the catalog or the object store pause the step and retry it. */
  gate?: OutageGate;
  /** Called once the runner is done with a document, with its last record (leases are released here). */
  onDocumentEnd?(doc: DocumentRecord): void;
}

type StopReason = 'signal' | 'max-duration' | 'limit';

/**
 * Takes pending documents through their remaining steps. CPU steps (OCR, classify, sign) share
 * a pool sized to the cores; uploads run in an I/O pool, so CPU work never waits on the network.
 * Bad input rejects one document and the batch goes on; a storage or signing failure stops
 * taking new work, lets what is in flight finish, and is rethrown (a re-run resumes).
 */
export async function runDocuments(docs: Iterable<DocumentRecord> | AsyncIterable<DocumentRecord>, o: RunnerOptions): Promise<RunSummary> {
  const started = Date.now();
  const cpu = new PQueue({ concurrency: o.cpuConcurrency });
  const io = new PQueue({ concurrency: o.ioConcurrency });
  const summary: RunSummary = {
    runId: o.runId,
    startedAt: new Date(started).toISOString(),
    finishedAt: '',
    seconds: 0,
    documents: { total: 0, done: 0, rejected: 0, review: 0, pending: 0 },
    pages: { done: 0, perMinute: 0, blank: 0 },
    rejected: [],
    review: [],
    archived: 0,
    alreadyArchived: 0,
    exitCode: 0,
  };
  let stop: StopReason | undefined;
  let fatal: SohoaError | undefined;
  const stopWith = (reason: StopReason) => {
    if (stop) return;
    stop = reason;
    o.events({ type: 'stopping', reason });
  };
  const onAbort = () => stopWith('signal');
  o.signal.addEventListener('abort', onAbort);
  if (o.signal.aborted) onAbort();

  /** Reads the document again; through an outage when there is a gate. */
  const reload = (id: number) => (o.gate ? o.gate.retry(() => o.reload(id), o.signal) : o.reload(id));

  const processOne = async (first: DocumentRecord) => {
    let doc = first;
    try {
      await processSteps(first, (d) => (doc = d));
    } finally {
      o.onDocumentEnd?.(doc);
    }
  };

  const processSteps = async (first: DocumentRecord, track: (d: DocumentRecord) => void) => {
    const t0 = Date.now();
    let doc = first;
    let pages = doc.pageCount ?? 0;
    let key: string | undefined;
    let type: string | undefined;
    for (;;) {
      // On a signal, documents stop between steps; everything done so far is committed.
      if (fatal || stop === 'signal') return;
      const step = stepFor(doc.stage);
      if (!step || !o.steps.includes(step.name)) break;
      const queue = step.pool === 'io' ? io : cpu;
      const s0 = Date.now();
      try {
        const out = await queue.add(() => o.handlers[step.name](doc));
        if (out?.pages) pages = out.pages;
        if (out?.blankPages?.length) noteBlankPages(summary, o.events, doc.uid, out.blankPages, pages);
        if (out?.key) key = out.key;
        if (out?.type) type = out.type;
        if (out?.review) {
          // Held before signing: the batch goes on, a person decides (`sohoa review`).
          summary.documents.review += 1;
          const r = { document: doc.uid, name: maskPersonalData(doc.name), docType: type ?? null, reasons: out.review };
          summary.review.push(r);
          o.events({ type: 'document-review', ...r });
          return;
        }
        if (step.name === 'archive') {
          if (out?.alreadyArchived) summary.alreadyArchived += 1;
          else summary.archived += 1;
        }
      } catch (err) {
        // Interrupted: whatever the step threw, the document is abandoned, not rejected; its
        // last committed stage stands and the next run resumes it.
        if (o.signal.aborted) return;
        if (err instanceof LeaseLostError) {
          // Another worker has it: nothing of this step was committed, and the other goes on.
          o.events({ type: 'lease-lost', document: doc.uid, message: err.message });
          return;
        }
        const outage = o.gate ? outageOf(err) : undefined;
        if (outage) {
          // The catalog or the object store is away: wait, then redo the step (nothing of it was committed).
          try {
            await o.gate!.pause(err, outage, o.signal);
            doc = await reload(doc.id);
            track(doc);
          } catch (e) {
            // Stopped while waiting: abandoned like any interrupted document, not a storage failure.
            if (!o.signal.aborted) fatal ??= toSohoaError(e);
            return;
          }
          continue;
        }
        if (err instanceof InputRejectedError) {
          o.reject(doc, err);
          summary.documents.rejected += 1;
          const r = { document: doc.uid, stage: doc.stage, reason: err.reason, message: maskPersonalData(err.message), ...saidOf(err, maskPersonalData) };
          summary.rejected.push(r);
          o.events({ type: 'document-rejected', ...r, file: err.file });
          return;
        }
        const e = toSohoaError(err);
        if (e.exitCode === ExitCode.Internal) {
          // A bug or a crashed worker on one document must not kill the batch.
          const rej = new InputRejectedError('failed', `${doc.name}: ${e.message}`, { cause: err });
          o.reject(doc, rej);
          summary.documents.rejected += 1;
          const r = { document: doc.uid, stage: doc.stage, reason: 'failed', message: maskPersonalData(rej.message) };
          summary.rejected.push(r);
          o.events({ type: 'document-rejected', ...r });
          return;
        }
        fatal ??= e;
        return;
      }
      o.gate?.ok();
      o.events({ type: 'stage', document: doc.uid, stage: step.to, ms: Date.now() - s0 });
      try {
        doc = await reload(doc.id);
        track(doc);
      } catch (e) {
        if (!o.signal.aborted) fatal ??= toSohoaError(e);
        return;
      }
    }
    if (doc.stage === 'archived' || (doc.status === 'done' && !fatal)) {
      summary.documents.done += 1;
      summary.pages.done += pages;
      o.events({ type: 'document-done', document: doc.uid, dossier: doc.dossierCode, pages, docType: type, key, ms: Date.now() - t0 });
    } else if (stepFor(doc.stage) && !o.steps.includes(stepFor(doc.stage)!.name)) {
      // Finished the requested subset of steps.
      summary.documents.done += 1;
      summary.pages.done += pages;
      o.events({ type: 'document-done', document: doc.uid, dossier: doc.dossierCode, pages, docType: type, key, ms: Date.now() - t0 });
    }
  };

  const inFlight = new Set<Promise<void>>();
  let launched = 0;
  // A slot first, then the next document: with claims, a document is leased only when there is room for it.
  const source = Symbol.asyncIterator in docs ? docs[Symbol.asyncIterator]() : docs[Symbol.iterator]();
  for (;;) {
    if (o.deadline && Date.now() >= o.deadline) stopWith('max-duration');
    if (o.limit !== undefined && launched >= o.limit) stopWith('limit');
    if (stop || fatal) break;
    while (inFlight.size >= o.maxInFlight) await Promise.race(inFlight);
    if (stop === 'signal' || fatal) break;
    let next: IteratorResult<DocumentRecord>;
    try {
      next = await source.next();
    } catch (err) {
      fatal ??= toSohoaError(err);
      break;
    }
    if (next.done) break;
    const doc = next.value;
    launched += 1;
    summary.documents.total += 1;
    const p = processOne(doc).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  await Promise.all([cpu.onIdle(), io.onIdle()]);
  await source.return?.();
  o.signal.removeEventListener('abort', onAbort);

  const finished = Date.now();
  summary.finishedAt = new Date(finished).toISOString();
  summary.seconds = Math.round((finished - started) / 100) / 10;
  summary.pages.perMinute = summary.seconds > 0 ? Math.round((summary.pages.done / summary.seconds) * 600) / 10 : 0;
  summary.documents.pending = summary.documents.total - summary.documents.done - summary.documents.rejected - summary.documents.review;
  summary.stoppedBy = stop;
  if (fatal) {
    summary.exitCode = fatal.exitCode;
    o.events({ type: 'summary', summary });
    throw fatal;
  }
  summary.exitCode = stop === 'signal' ? ExitCode.Interrupted : summary.documents.rejected > 0 ? ExitCode.Rejected : ExitCode.Ok;
  o.events({ type: 'summary', summary });
  return summary;
}

export { InterruptedError };

/** Blank pages are reported, in the summary and as a warning when a whole document is blank. */
function noteBlankPages(summary: RunSummary, events: EventSink, document: string, blank: number[], pages: number): void {
  const all = blank.length >= pages;
  summary.pages.blank = (summary.pages.blank ?? 0) + blank.length;
  (summary.blankPages ??= []).push({ document, pages: blank, all });
  if (all) events({ type: 'warning', document, message: `${document}: every page is blank; it does not count as digitized content`, key: 'pipeline.allBlank', params: { document } });
}
