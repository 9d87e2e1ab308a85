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
  /** How long scanimage may take to close the device once its batch is over; default 10 s. */
  closeGraceMs?: number;
  /** How long a stopped scanimage has to exit before it is killed; default 5 s. */
  killAfterMs?: number;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  idle: boolean;
  /** Stopped after its batch was over, hanging while it closed the device. */
  hungClosing: boolean;
}

/**
 * scanimage's last words in batch mode. After them it only closes the device, and some backends
 * (SANE's own test backend after a jam, some USB drivers) never return from that: the pages are
 * already written, so waiting out the idle timeout would only hold the desk up.
 */
const BATCH_OVER = /^Batch terminated/m;

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
    if (!error && r.code !== 0 && !r.hungClosing && !req.signal?.aborted) error = saneFailure(r.stderr, r.code, req.device);
    if (!error && pages.length === 0 && !req.signal?.aborted) {
      error = new ScannerError('feeder-empty', 'The scanner returned no pages', {
        hint: 'Put the pages in the feeder (or on the glass) and scan again.',
        key: 'scan.fault.noPages',
        hintKey: 'scan.fault.noPagesHint',
      });
    }
    return { pages, error, used };
  }

  /** Runs scanimage; stops it on abort, when it writes nothing for `idleMs`, or when it hangs closing. */
  private run(args: string[], idleMs: number, signal?: AbortSignal): Promise<Ran> {
    const closeGraceMs = this.opts.closeGraceMs ?? 10_000;
    const killAfterMs = this.opts.killAfterMs ?? 5_000;
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, args, { env: { ...process.env, ...this.opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let idle = false;
      let hungClosing = false;
      let timer: NodeJS.Timeout | undefined;
      let kill: NodeJS.Timeout | undefined;
      // scanimage cancels on the first SIGTERM and may hang in the driver doing so: then SIGKILL.
      const stop = () => {
        child.kill('SIGTERM');
        kill ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      };
      const arm = (ms: number, onExpiry: () => void) => {
        clearTimeout(timer);
        timer = setTimeout(onExpiry, ms);
      };
      const onIdle = () => {
        idle = true;
        stop();
      };
      const onHungClosing = () => {
        hungClosing = true;
        stop();
      };
      const armIdle = () => (BATCH_OVER.test(stderr) ? arm(closeGraceMs, onHungClosing) : arm(idleMs, onIdle));
      armIdle();
      signal?.addEventListener('abort', stop, { once: true });
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        armIdle();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        armIdle();
      });
      const done = () => {
        clearTimeout(timer);
        clearTimeout(kill);
        signal?.removeEventListener('abort', stop);
      };
      child.on('error', (err: NodeJS.ErrnoException) => {
        done();
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
        done();
        resolve({ code, stdout, stderr, idle, hungClosing });
      });
    });
  }
}
