import cliProgress from 'cli-progress';
import type { CliContext } from './context.js';

export interface ProgressSink {
  tick(done: number, total: number, label: string): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal (not with --json, --quiet or JSON logs);
 * otherwise nothing, so logs and pipes stay clean.
 */
export function progressBar(ctx: CliContext, title: string): ProgressSink {
  const enabled = ctx.isTTY && !ctx.globals.json && !ctx.globals.quiet && ctx.config.logFormat !== 'json';
  if (!enabled) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {percentage}% {value}/{total} {label}`, stream: ctx.streams.stderr as NodeJS.WriteStream, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    tick(done, total, label) {
      if (!started) {
        bar.start(total, 0, { label: '' });
        started = true;
      }
      bar.update(done, { label: label.length > 40 ? '…' + label.slice(-39) : label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
