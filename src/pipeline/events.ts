import type { Stage } from '../domain/document-state.js';

/**
 * What a batch run reports as it goes. The CLI renders these as a progress bar on a TTY or
 * as JSON lines for log collectors; the pipeline itself never prints.
 */
export type PipelineEvent =
  | { type: 'start'; runId: number; documents: number; pages: number; concurrency: number; stages: Stage[] }
  | { type: 'ingest'; registered: number; shared: number; versions: number; unsettled: number; rejected: number }
  | { type: 'new-version'; document: string; previous: string; version: number; files: string[] }
  | { type: 'stage'; document: string; stage: Stage; ms: number }
  | { type: 'document-done'; document: string; dossier: string | null; pages: number; type_?: string; key?: string; ms: number }
  | { type: 'document-rejected'; document: string; stage: Stage; reason: string; message: string; file?: string }
  | { type: 'warning'; message: string; document?: string }
  | { type: 'stopping'; reason: 'signal' | 'max-duration' | 'limit' }
  | { type: 'summary'; summary: RunSummary };

export interface RunSummary {
  runId: number;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  documents: { total: number; done: number; rejected: number; pending: number };
  /** `blank`: pages found blank, which do not count as digitized content. */
  pages: { done: number; perMinute: number; blank?: number };
  /** Documents with blank pages (page numbers from 1); `all` when no page has content. */
  blankPages?: Array<{ document: string; pages: number[]; all: boolean }>;
  rejected: Array<{ document: string; stage: Stage; reason: string; message: string }>;
  archived: number;
  alreadyArchived: number;
  stoppedBy?: 'signal' | 'max-duration' | 'limit';
  exitCode: number;
}

export type EventSink = (e: PipelineEvent) => void;
