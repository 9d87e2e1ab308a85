import { maskPersonalData } from '../domain/privacy.js';
import { t } from '../i18n/index.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  stream: NodeJS.WritableStream;
  format: 'text' | 'json';
  quiet?: boolean;
  verbose?: boolean;
}

/** Every log line passes through maskPersonalData (Decree 13/2023): IDs, phones and names. */
export function createLogger(opts: LoggerOptions): Logger {
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (level === 'debug' && !opts.verbose) return;
    if (opts.quiet && (level === 'info' || level === 'debug')) return;
    if (opts.format === 'json') {
      const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
      opts.stream.write(maskPersonalData(line) + '\n');
    } else {
      const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
      // Text lines label their level in the run's language; JSON lines keep `level` as it is.
      const label = level === 'info' ? '' : t(level === 'warn' ? 'log.warn' : level === 'error' ? 'log.error' : 'log.debug') + ': ';
      opts.stream.write(maskPersonalData(`${label}${msg}${extra}`) + '\n');
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
