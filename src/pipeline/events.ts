import type { Stage } from '../domain/document-state.js';
import type { MessageKey, Params } from '../i18n/index.js';

/**
 * A rejection's message as a catalogue key and params (src/i18n), when the error had one: the
 * CLI says it in the run's language; `message` stays the English text.
 */
export interface Said {
  key?: MessageKey;
  params?: Params;
}

/**
 * What a batch run reports as it goes. The CLI renders these as a progress bar on a TTY or
 * as JSON lines for log collectors; the pipeline itself never prints.
 */
export type PipelineEvent =
  | { type: 'start'; runId: number; documents: number; pages: number; concurrency: number; stages: Stage[] }
  | { type: 'ingest'; registered: number; shared: number; versions: number; unsettled: number; rejected: number }
  | { type: 'new-version'; document: string; previous: string; version: number; files: string[] }
  | { type: 'stage'; document: string; stage: Stage; ms: number }
  | { type: 'document-done'; document: string; dossier: string | null; pages: number; docType?: string; key?: string; ms: number }
  | ({ type: 'document-rejected'; document: string; stage: Stage; reason: string; message: string; file?: string } & Said)
  | { type: 'document-review'; document: string; name: string; docType: string | null; reasons: string[] }
  | { type: 'sidecar-version'; document: string; key: string; version: number }
  /** originals.deleteAfterArchive: staged originals that only archived documents used were removed. */
  | { type: 'originals-released'; count: number; store: string }
  | ({ type: 'warning'; message: string; document?: string } & Said)
  | { type: 'stopping'; reason: 'signal' | 'max-duration' | 'limit' }
  /** Shared catalog: a worker took a document with a lease (and whose expired lease it took over). */
  | { type: 'claim'; document: string; worker: string; tookOverFrom?: { worker: string; host: string; pid: number; expiredAt: string } }
  /** Another worker holds the document now: nothing of it is committed by this one. */
  | { type: 'lease-lost'; document: string; message: string }
  /** The catalog server or the object store went away: work pauses and is tried again. */
  | { type: 'outage'; what: 'catalog' | 'object-store'; message: string; downSeconds: number; retryInSeconds: number }
  | { type: 'recovered'; what: 'catalog' | 'object-store'; downSeconds: number }
  /** A claimed document's work files are on another machine: its steps start again from OCR. */
  | { type: 'redo'; document: string; stage: Stage }
  | { type: 'summary'; summary: RunSummary };

/** What ingest found in the inbox, in full (see src/pipeline/ingest-report.ts). */
export interface IngestSummary {
  inbox: string;
  registered: number;
  duplicates: number;
  unchanged: number;
  rejected: Array<{ file: string; reason: string; message: string } & Said>;
  /** Still being written (or just copied): left for the next run. */
  unsettled: Array<{ file: string; reason: string }>;
  settleSeconds: number;
  ignored: Array<{ file: string; reason: string }>;
  /** Rejected on an earlier run and still in the inbox. */
  stillRejected: Array<{ file: string; reason: string; message: string } & Said>;
}

export interface RunSummary {
  runId: number;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  /** review: held before signing until a person decides (not an error: exit code 0). */
  documents: { total: number; done: number; rejected: number; review: number; pending: number };
  /** `blank`: pages found blank, which do not count as digitized content. */
  pages: { done: number; perMinute: number; blank?: number };
  /** Documents with blank pages (page numbers from 1); `all` when no page has content. */
  blankPages?: Array<{ document: string; pages: number[]; all: boolean }>;
  rejected: Array<{ document: string; stage: Stage; reason: string; message: string } & Said>;
  review: Array<{ document: string; name: string; docType: string | null; reasons: string[] }>;
  archived: number;
  alreadyArchived: number;
  stoppedBy?: 'signal' | 'max-duration' | 'limit';
  /** Present when the run ingested an inbox. Its rejections are also in `rejected` (stage ingested). */
  ingest?: IngestSummary;
  /** New sidecar versions written for archived documents after a review decision. */
  sidecarVersions?: number;
  exitCode: number;
}

export type EventSink = (e: PipelineEvent) => void;
