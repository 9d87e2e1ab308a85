import cliProgress from 'cli-progress';
import type { EventSink, PipelineEvent } from '../pipeline/events.js';
import { maskPersonalData } from '../domain/privacy.js';

/**
 * Renders pipeline events: a progress bar on a TTY (documents and pages done, pages/min, ETA,
 * rejected), or one JSON object per line for log collectors. Personal data is masked.
 */
export function createProgress(opts: {
  stream: NodeJS.WritableStream;
  json: boolean;
  tty: boolean;
  quiet?: boolean;
  /** --log-format text off a terminal: one plain line per event instead of JSON. */
  text?: boolean;
}): EventSink & { stop(): void } {
  if (!opts.json && !opts.tty && opts.text) {
    const sink = (e: PipelineEvent) => {
      if (e.type === 'stage' || e.type === 'summary' || (opts.quiet && levelOf(e) === 'info')) return;
      const level = levelOf(e);
      opts.stream.write(maskPersonalData(`${level === 'info' ? '' : level + ': '}${describeEvent(e)}`) + '\n');
    };
    return Object.assign(sink, { stop() {} });
  }
  if (opts.json || !opts.tty) {
    const sink = (e: PipelineEvent) => {
      if (opts.quiet && e.type === 'stage') return;
      const { type, ...rest } = e;
      const line = { time: new Date().toISOString(), level: levelOf(e), msg: describeEvent(e), event: type, ...rest };
      opts.stream.write(maskPersonalData(JSON.stringify(line)) + '\n');
    };
    return Object.assign(sink, { stop() {} });
  }
  const bar = new cliProgress.SingleBar(
    {
      format: 'sohoa run |{bar}| {value}/{total} documents · {pages} pages · {ppm} pages/min · ETA {eta_formatted} · rejected {rejected}',
      stream: opts.stream,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  let pages = 0;
  let rejected = 0;
  let done = 0;
  const payload = () => ({ pages, rejected, ppm: pagesPerMinute(pages, started ? Date.now() - started : 0) });
  const sink = (e: PipelineEvent) => {
    switch (e.type) {
      case 'start':
        started = Date.now();
        // Nothing to do: no bar (an empty bar's ETA would read NaN).
        if (e.documents > 0) bar.start(e.documents, 0, payload());
        else started = 0;
        break;
      case 'document-done':
        pages += e.pages;
        done += 1;
        bar.update(done, payload());
        break;
      case 'document-review':
        if (started) {
          done += 1;
          bar.update(done, payload());
        }
        opts.stream.write(maskPersonalData(`\nheld for review ${e.document}: ${e.reasons.join('; ')}\n`));
        break;
      case 'document-rejected':
        rejected += 1;
        if (started) {
          done += 1;
          bar.update(done, payload());
        }
        opts.stream.write(maskPersonalData(`\nrejected ${e.document}: ${e.message}\n`));
        break;
      case 'new-version':
        opts.stream.write(maskPersonalData(`\nnew version ${e.version} of ${e.previous}: ${e.files.join(', ')} changed after ingest; both are processed\n`));
        break;
      case 'warning':
        opts.stream.write(maskPersonalData(`\nwarning: ${e.message}\n`));
        break;
      case 'stopping':
        opts.stream.write(`\nstopping (${e.reason}): finishing the documents in flight\n`);
        break;
      case 'summary':
        bar.stop();
        break;
      default:
        break;
    }
  };
  return Object.assign(sink, { stop: () => bar.stop() });
}

/** Pages a minute so far: 0 until there is something to divide (never NaN or Infinity). */
export function pagesPerMinute(pages: number, elapsedMs: number): number {
  if (!(elapsedMs > 0) || !(pages > 0)) return 0;
  return Math.round((pages / (elapsedMs / 60000)) * 10) / 10;
}

function levelOf(e: PipelineEvent): 'info' | 'warn' | 'error' | 'debug' {
  if (e.type === 'document-rejected' || e.type === 'warning') return 'warn';
  if (e.type === 'stage') return 'debug';
  if (e.type === 'summary') return e.summary.exitCode === 0 ? 'info' : e.summary.exitCode === 2 ? 'warn' : 'error';
  return 'info';
}

/** A one-line human message for each event (the `msg` field of JSON log lines). */
export function describeEvent(e: PipelineEvent): string {
  switch (e.type) {
    case 'start':
      return `run ${e.runId}: ${e.documents} document(s) to process`;
    case 'ingest':
      return `ingest: ${e.registered} new, ${e.rejected} rejected, ${e.unsettled} not yet settled, ${e.shared} sharing stored content, ${e.versions} new version(s)`;
    case 'stage':
      return `${e.document}: ${e.stage} in ${e.ms} ms`;
    case 'document-done':
      return `${e.document}: done, ${e.pages} page(s)${e.key ? ` → ${e.key}` : ''}`;
    case 'document-rejected':
      return `${e.document}: rejected at ${e.stage} (${e.reason}): ${e.message}`;
    case 'document-review':
      return `${e.document}: held for review (${e.reasons.join('; ')})`;
    case 'sidecar-version':
      return `${e.document}: sidecar version ${e.version} written at ${e.key}`;
    case 'new-version':
      return `${e.document}: new version ${e.version} of ${e.previous} (the file changed after ingest)`;
    case 'warning':
      return e.message;
    case 'stopping':
      return `stopping (${e.reason}): finishing the documents in flight`;
    case 'summary':
      return `run ${e.summary.runId} finished: ${e.summary.documents.done} done, ${e.summary.documents.rejected} rejected, ${e.summary.documents.review} held for review, exit code ${e.summary.exitCode}`;
  }
}
