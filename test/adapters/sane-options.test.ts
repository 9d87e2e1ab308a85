import { describe, expect, it } from 'vitest';
import { parseDeviceOptions, resolveMode, resolveResolution, resolveSource } from '../../src/adapters/scanner/sane-options.js';
import { saneFailure, saneFault } from '../../src/adapters/scanner/sane-status.js';
import { ExitCode } from '../../src/errors.js';

// The device section of `scanimage -d test --help` (sane-backends 1.1.1), and a typical office ADF scanner.
const TEST_HELP = `Options specific to device \`test':
  Scan Mode:
    --mode Gray|Color [Gray]
    --depth 1|8|16 [8]
    --resolution 1..1200dpi (in steps of 1) [50]
    --source Flatbed|Automatic Document Feeder [Flatbed]
`;
const OFFICE_HELP = `Options specific to device \`fujitsu:fi-7160:1234':
    --source ADF Front|ADF Back|ADF Duplex [ADF Front]
    --mode Lineart|Halftone|Gray|Color [Lineart]
    --resolution 50|100|150|200|240|300|400|600dpi [600]
`;

describe('SANE device options', () => {
  it('maps ADF, Flatbed and ADF-Duplex, modes and resolutions to what each device calls them', () => {
    const t = parseDeviceOptions(TEST_HELP);
    expect(t).toEqual({ sources: ['Flatbed', 'Automatic Document Feeder'], modes: ['Gray', 'Color'], resolution: { min: 1, max: 1200 } });
    expect(resolveSource('ADF', t)).toBe('Automatic Document Feeder');
    expect(resolveSource('Flatbed', t)).toBe('Flatbed');
    expect(() => resolveSource('ADF-Duplex', t)).toThrow(/offers Flatbed, Automatic Document Feeder/);
    expect(() => resolveMode('Lineart', t)).toThrow(/offers Gray, Color/);
    const f = parseDeviceOptions(OFFICE_HELP);
    expect(resolveSource('ADF', f)).toBe('ADF Front');
    expect(resolveSource('ADF-Duplex', f)).toBe('ADF Duplex');
    expect(resolveMode('Color', f)).toBe('Color');
    expect(resolveResolution(300, f)).toBe(300);
    expect(resolveResolution(250, f)).toBe(300); // never below what was asked
    expect(() => resolveResolution(700, f)).toThrow(/600/);
  });
});

describe('SANE status messages', () => {
  it.each([
    ['scanimage: sane_start: Document feeder out of documents', 'feeder-empty'],
    ['scanimage: sane_read: Document feeder jammed', 'jammed'],
    ['scanimage: sane_read: Scanner cover is open', 'cover-open'],
    ['scanimage: sane_start: Device busy', 'busy'],
    ['scanimage: open of device nosuch failed: Invalid argument', 'no-device'],
    ['scanimage: no SANE devices found', 'no-device'],
    ['scanimage: sane_read: Error during device I/O', 'io'],
  ])('%s → %s, exit 9 with a hint', (line, reason) => {
    const e = saneFault(`Scanning page 1\n${line}\n`, 'test');
    expect(e?.reason).toBe(reason);
    expect(e?.exitCode).toBe(ExitCode.Scanner);
    expect(e?.hint).toBeTruthy();
  });

  it('progress lines are not faults; an unnamed failure keeps scanimage’s last word', () => {
    expect(saneFault('Scanning page 1\nScanned page 1. (scanner status = 5)\nBatch terminated, 1 page scanned\n', 'test')).toBeUndefined();
    const e = saneFailure('Output format is not set, using pnm as a default.\nscanimage: setting of option --source failed (Invalid argument)\n', 1, 'test');
    expect(e.reason).toBe('failed');
    expect(e.message).toMatch(/--source failed/);
  });
});
