import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ConfigError, ScannerError } from '../../errors.js';
import type { AcquireRequest, AcquireResult, Scanner, ScannerDevice } from '../../ports/scanner.js';
import { parseDeviceOptions, resolveMode, resolveResolution, resolveSource } from './sane-options.js';
import { saneFailure, saneFault } from './sane-status.js';

export interface SaneOptions {
  /** The scanimage program; default `scanimage` on PATH. */
  command?: string;
  /** Extra environment for scanimage (e.g. SANE_CONFIG_DIR in tests). */
  env?: NodeJS.ProcessEnv;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  idle: boolean;
}

/** Page files scanimage writes in batch mode: page-0001.png … (`.part` while being written). */
const PAGE_FILE = /^page-\d{4,}\.(png|tiff)$/;

/**
 * SANE through `scanimage` (Debian sane-utils), always with an argument array, never a shell.
 * Batch mode writes each page under a `.part` name and renames it when complete, so the pages
 * listed after a jam are whole.
 */
export class SaneScanner implements Scanner {
  private readonly command: string;
  constructor(private readonly opts: SaneOptions = {}) {
    this.command = opts.command ?? 'scanimage';
  }

  async list(): Promise<ScannerDevice[]> {
    const r = await this.run(['--formatted-device-list=%d\t%v\t%m\t%t%n'], 60_000);
    if (r.code !== 0) throw saneFault(r.stderr, undefined) ?? saneFailure(r.stderr, r.code, undefined);
    return r.stdout
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => {
        const [name = '', vendor = '', model = '', type = ''] = l.split('\t');
        return { name, vendor, model, type };
      });
  }

  async acquire(req: AcquireRequest): Promise<AcquireResult> {
    const dev = req.device ? ['--device-name', req.device] : [];
    const help = await this.run([...dev, '--help'], 60_000);
    const fault = saneFault(help.stderr, req.device);
    if (fault) throw fault;
    const options = parseDeviceOptions(help.stdout);
    const used = {
      device: req.device,
      source: resolveSource(req.source, options),
      mode: resolveMode(req.mode, options),
      resolution: resolveResolution(req.resolution, options),
    };
    const args = [
      ...dev,
      `--source=${used.source}`,
      `--mode=${used.mode}`,
      `--resolution=${used.resolution}`,
      `--format=${req.format}`,
      `--batch=${path.join(req.outDir, `page-%04d.${req.format}`)}`,
      // The glass holds one sheet: without a count, batch mode would scan it again and again.
      ...(req.source === 'Flatbed' ? ['--batch-count=1'] : []),
    ];
    const r = await this.run(args, req.idleTimeoutMs, req.signal);
    const pages = (await fsp.readdir(req.outDir))
      .filter((f) => PAGE_FILE.test(f))
      .sort()
      .map((f) => path.join(req.outDir, f));
    let error = saneFault(r.stderr, req.device);
    // An empty feeder after the last page is how every ADF batch ends.
    if (error?.reason === 'feeder-empty' && pages.length > 0) error = undefined;
    if (!error && r.idle) {
      error = new ScannerError('failed', `The scanner showed no progress for ${Math.round(req.idleTimeoutMs / 1000)} s; scanimage was stopped`, {
        hint: 'Check the scanner (paper, display) and scan the remaining pages again; raise scan.idleTimeoutSeconds for very slow scanners.',
        key: 'scan.fault.idle',
        params: { seconds: Math.round(req.idleTimeoutMs / 1000) },
        hintKey: 'scan.fault.idleHint',
      });
    }
    if (!error && r.code !== 0 && !req.signal?.aborted) error = saneFailure(r.stderr, r.code, req.device);
    if (!error && pages.length === 0 && !req.signal?.aborted) {
      error = new ScannerError('feeder-empty', 'The scanner returned no pages', {
        hint: 'Put the pages in the feeder (or on the glass) and scan again.',
        key: 'scan.fault.noPages',
        hintKey: 'scan.fault.noPagesHint',
      });
    }
    return { pages, error, used };
  }

  /** Runs scanimage; stops it on abort or when it writes nothing for `idleMs`. */
  private run(args: string[], idleMs: number, signal?: AbortSignal): Promise<Ran> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, args, { env: { ...process.env, ...this.opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let idle = false;
      let timer: NodeJS.Timeout | undefined;
      const stop = () => child.kill('SIGTERM');
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          idle = true;
          stop();
        }, idleMs);
      };
      arm();
      signal?.addEventListener('abort', stop, { once: true });
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        arm();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        arm();
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
        if (err.code === 'ENOENT') {
          reject(new ConfigError(`Expected the SANE command ${this.command} to scan with, but it is not installed`, {
              cause: err,
              hint: 'Install SANE: apt-get install sane-utils (and your scanner\'s backend).',
              key: 'scan.noSane',
              params: { command: this.command },
              hintKey: 'scan.noSaneHint',
            }),
          );
        } else reject(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
        resolve({ code, stdout, stderr, idle });
      });
    });
  }
}
