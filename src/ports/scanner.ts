import type { ScannerError } from '../errors.js';

/** A scanner as SANE names it (`scanimage -L`). */
export interface ScannerDevice {
  name: string;
  vendor: string;
  model: string;
  type: string;
}

export type PaperSource = 'ADF' | 'Flatbed' | 'ADF-Duplex';
export type ColourMode = 'Color' | 'Gray' | 'Lineart';

export interface AcquireRequest {
  /** SANE device name; the first device found when absent. */
  device?: string;
  source: PaperSource;
  resolution: number;
  mode: ColourMode;
  format: 'png' | 'tiff';
  /** An empty private folder the pages are written into, in scan order. */
  outDir: string;
  /** Stop when the scanner shows no progress for this long. */
  idleTimeoutMs: number;
  signal?: AbortSignal;
}

export interface AcquireResult {
  /** Complete page files in `outDir`, in scan order. */
  pages: string[];
  /** Set when the scanner stopped with an error after (or before) these pages. */
  error?: ScannerError;
  /** The device's own names for what was asked, e.g. source "Automatic Document Feeder". */
  used: { device?: string; source: string; mode: string; resolution: number };
}

/** What acquires paper: SANE's scanimage in production (src/adapters/scanner). */
export interface Scanner {
  list(): Promise<ScannerDevice[]>;
  acquire(req: AcquireRequest): Promise<AcquireResult>;
}
