import { UsageError } from '../../errors.js';
import type { ColourMode, PaperSource } from '../../ports/scanner.js';

/** What a device accepts, read from the device section of `scanimage -d DEV --help`. */
export interface DeviceOptions {
  sources: string[];
  modes: string[];
  /** Either a range or a list of resolutions in dpi; empty when the device does not say. */
  resolution: { min: number; max: number } | number[] | undefined;
}

function choices(help: string, option: string): string[] {
  const m = new RegExp(`^\\s+--${option}\\s+(.+?)\\s+\\[[^\\]]*\\]\\s*$`, 'm').exec(help);
  return m ? m[1]!.split('|').map((s) => s.trim()).filter(Boolean) : [];
}

export function parseDeviceOptions(help: string): DeviceOptions {
  const i = help.indexOf('Options specific to device');
  const section = i >= 0 ? help.slice(i) : help;
  let resolution: DeviceOptions['resolution'];
  const r = /^\s+--resolution\s+(\S+?)dpi/m.exec(section);
  if (r) {
    const range = /^(\d+)\.\.(\d+)$/.exec(r[1]!);
    resolution = range ? { min: Number(range[1]), max: Number(range[2]) } : r[1]!.split('|').map(Number).filter(Number.isFinite);
  }
  return { sources: choices(section, 'source'), modes: choices(section, 'mode'), resolution };
}

const SOURCE_MATCH: Record<PaperSource, (s: string) => boolean> = {
  Flatbed: (s) => /flat ?bed|glass|platen/i.test(s),
  'ADF-Duplex': (s) => /duplex/i.test(s),
  ADF: (s) => /adf|feeder/i.test(s) && !/duplex|back/i.test(s),
};
const SOURCE_FALLBACK: Record<PaperSource, string> = { Flatbed: 'Flatbed', ADF: 'Automatic Document Feeder', 'ADF-Duplex': 'ADF Duplex' };

const MODE_MATCH: Record<ColourMode, (s: string) => boolean> = {
  Color: (s) => /colou?r/i.test(s),
  Gray: (s) => /gr[ae]y/i.test(s),
  Lineart: (s) => /lineart|binary|black ?(&|and) ?white|halftone/i.test(s),
};

/** The device's own name for a source; the usual name when the device lists none. */
export function resolveSource(want: PaperSource, opts: DeviceOptions): string {
  if (opts.sources.length === 0) return SOURCE_FALLBACK[want];
  const found = opts.sources.find(SOURCE_MATCH[want]);
  if (!found) throw new UsageError(`Expected a scanner with source ${want}, but it offers ${opts.sources.join(', ')}`, {
      hint: `Use --source with one of what the scanner offers (${Object.keys(SOURCE_MATCH).join(', ')}).`,
      key: 'scan.noSource',
      params: { want, offered: opts.sources.join(', ') },
      hintKey: 'scan.noSourceHint',
      hintParams: { choices: Object.keys(SOURCE_MATCH).join(', ') },
    });
  return found;
}

export function resolveMode(want: ColourMode, opts: DeviceOptions): string {
  if (opts.modes.length === 0) return want;
  const found = opts.modes.find(MODE_MATCH[want]);
  if (!found) throw new UsageError(`Expected a scanner with mode ${want}, but it offers ${opts.modes.join(', ')}`, {
      hint: 'Use --mode Color (Decree 30/2020 asks for colour) or one the scanner offers.',
      key: 'scan.noMode',
      params: { want, offered: opts.modes.join(', ') },
      hintKey: 'scan.noModeHint',
    });
  return found;
}

/** The resolution to ask for: the one wanted, or the nearest the device offers above it. */
export function resolveResolution(want: number, opts: DeviceOptions): number {
  const r = opts.resolution;
  if (!r) return want;
  if (!Array.isArray(r)) {
    if (want < r.min || want > r.max) throw new UsageError(`Expected a resolution the scanner offers (${r.min}–${r.max} dpi), got ${want}`, { key: 'scan.noResolution', params: { offered: `${r.min}–${r.max}`, want } });
    return want;
  }
  const above = r.filter((v) => v >= want).sort((a, b) => a - b);
  if (above.length) return above[0]!;
  throw new UsageError(`Expected a resolution the scanner offers (${r.join(', ')} dpi), got ${want}`, { key: 'scan.noResolution', params: { offered: r.join(', '), want } });
}
