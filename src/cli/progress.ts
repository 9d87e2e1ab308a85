import cliProgress from 'cli-progress';
import type { EventSink, PipelineEvent } from '../pipeline/events.js';
import { maskPersonalData } from '../domain/privacy.js';

/**
 * Renders pipeline events: a progress bar on a TTY (documents and pages done, pages/min, ETA,
 * rejected), or one JSON object per line for log collectors. Personal data is masked.
 */
export function createProgress(opts: { stream: NodeJS.WritableStream; json: boolean; tty: boolean; quiet?: boolean }): EventSink & { stop(): void } {
  if (opts.json || !opts.tty) {
    const sink = (e: PipelineEvent) => {
      if (opts.quiet && e.type === 'stage') return;
      const { type, ...rest } = e;
      opts.stream.write(maskPersonalData(JSON.stringify({ time: new Date().toISOString(), event: type, ...rest })) + '\n');
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
  const payload = () => ({ pages, rejected, ppm: started ? Math.round((pages / ((Date.now() - started) / 60000)) * 10) / 10 : 0 });
  const sink = (e: PipelineEvent) => {
    switch (e.type) {
      case 'start':
        started = Date.now();
        bar.start(e.documents, 0, payload());
        break;
      case 'document-done':
        pages += e.pages;
        done += 1;
        bar.update(done, payload());
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
