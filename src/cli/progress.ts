import cliProgress from 'cli-progress';
import type { EventSink, PipelineEvent } from '../pipeline/events.js';
import { maskPersonalData } from '../domain/privacy.js';
import { formatNumber, getLang, say as sayIt, t, type Lang } from '../i18n/index.js';

/**
 * Renders pipeline events: a progress bar on a TTY (documents and pages done, pages/min, ETA,
 * rejected), or one JSON object per line for log collectors. Personal data is masked.
 * The bar and text lines speak the run's language; JSON lines keep the English `msg`, so log
 * collectors and alerts match one text whatever the language.
 */
export function createProgress(opts: {
  stream: NodeJS.WritableStream;
  json: boolean;
  tty: boolean;
  quiet?: boolean;
  /** --log-format text off a terminal: one plain line per event instead of JSON. */
  text?: boolean;
  /** Default: the run's language (getLang()). */
  lang?: Lang;
}): EventSink & { stop(): void } {
  const lang = opts.lang ?? getLang();
  if (!opts.json && !opts.tty && opts.text) {
    const sink = (e: PipelineEvent) => {
      if (e.type === 'stage' || e.type === 'summary' || (opts.quiet && levelOf(e) === 'info')) return;
      const level = levelOf(e);
      const label = level === 'info' ? '' : t(level === 'warn' ? 'log.warn' : level === 'error' ? 'log.error' : 'log.debug', undefined, lang) + ': ';
      opts.stream.write(maskPersonalData(`${label}${describeEvent(e, lang)}`) + '\n');
    };
    return Object.assign(sink, { stop() {} });
  }
  if (opts.json || !opts.tty) {
    const sink = (e: PipelineEvent) => {
      if (opts.quiet && e.type === 'stage') return;
      const { type, ...rest } = e;
      const line = { time: new Date().toISOString(), level: levelOf(e), msg: describeEvent(e, 'en'), event: type, ...rest };
      opts.stream.write(maskPersonalData(JSON.stringify(line)) + '\n');
    };
    return Object.assign(sink, { stop() {} });
  }
  const bar = new cliProgress.SingleBar(
    {
      format: t('progress.bar', undefined, lang),
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
  const payload = () => ({ pages, rejected, ppm: formatNumber(pagesPerMinute(pages, started ? Date.now() - started : 0), lang) });
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
        opts.stream.write(maskPersonalData(`\n${t('progress.heldForReview', { document: e.document, reasons: e.reasons.join('; ') }, lang)}\n`));
        break;
      case 'document-rejected':
        rejected += 1;
        if (started) {
          done += 1;
          bar.update(done, payload());
        }
        opts.stream.write(maskPersonalData(`\n${t('progress.rejected', { document: e.document, message: sayIt(e, lang) }, lang)}\n`));
        break;
      case 'new-version':
        opts.stream.write(maskPersonalData(`\n${t('progress.newVersion', { version: e.version, previous: e.previous, files: e.files.join(', ') }, lang)}\n`));
        break;
      case 'warning':
        opts.stream.write(maskPersonalData(`\n${t('progress.warning', { message: sayIt(e, lang) }, lang)}\n`));
        break;
      case 'stopping':
        opts.stream.write(`\n${t('event.stopping', { reason: e.reason }, lang)}\n`);
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

/** A one-line human message for each event (in English, the `msg` field of JSON log lines). */
export function describeEvent(e: PipelineEvent, lang: Lang = getLang()): string {
  const say = (key: Parameters<typeof t>[0], params: Parameters<typeof t>[1]) => t(key, params, lang);
  switch (e.type) {
    case 'start':
      return say('event.start', { runId: e.runId, documents: e.documents });
    case 'ingest':
      return say('event.ingest', { registered: e.registered, rejected: e.rejected, unsettled: e.unsettled, shared: e.shared, versions: e.versions });
    case 'stage':
      return say('event.stage', { document: e.document, stage: e.stage, ms: e.ms });
    case 'document-done':
      return say('event.done', { document: e.document, pages: e.pages, key: e.key ? ` → ${e.key}` : '' });
    case 'document-rejected':
      return say('event.rejected', { document: e.document, stage: e.stage, reason: e.reason, message: sayIt(e, lang) });
    case 'document-review':
      return say('event.review', { document: e.document, reasons: e.reasons.join('; ') });
    case 'sidecar-version':
      return say('event.sidecarVersion', { document: e.document, version: e.version, key: e.key });
    case 'originals-released':
      return say('event.originalsReleased', { count: e.count, store: e.store });
    case 'new-version':
      return say('event.newVersion', { document: e.document, version: e.version, previous: e.previous });
    case 'warning':
      return sayIt(e, lang);
    case 'stopping':
      return say('event.stopping', { reason: e.reason });
    case 'summary':
      return say('event.summary', { runId: e.summary.runId, done: e.summary.documents.done, rejected: e.summary.documents.rejected, review: e.summary.documents.review, exitCode: e.summary.exitCode });
  }
}
