import { ScannerError, type ScannerFault } from '../../errors.js';

interface Rule {
  fault: ScannerFault;
  /** SANE's status strings (sane_strstatus) and scanimage's own messages. */
  pattern: RegExp;
  message: string;
  hint: string;
}

const RULES: Rule[] = [
  {
    fault: 'feeder-empty',
    pattern: /Document feeder out of documents|no documents/i,
    message: 'The document feeder is empty',
    hint: 'Put the pages face down in the feeder (or use --source Flatbed for the glass) and scan again.',
  },
  {
    fault: 'jammed',
    pattern: /Document feeder jammed|jammed/i,
    message: 'Paper jam in the document feeder',
    hint: 'Open the feeder, remove the jammed sheet, put it back on top of the remaining pages and scan them; the pages before it are kept.',
  },
  {
    fault: 'cover-open',
    pattern: /Scanner cover is open|cover (is )?open/i,
    message: "The scanner's cover is open",
    hint: 'Close the scanner cover (or the feeder lid) and scan again.',
  },
  {
    fault: 'busy',
    pattern: /Device busy/i,
    message: 'The scanner is busy',
    hint: 'Another program (or another sohoa scan) is using the scanner: wait for it to finish, or close it, then scan again.',
  },
  {
    fault: 'no-device',
    pattern: /no SANE devices found|open of device .* failed|Invalid argument.*device|Access to resource has been denied/i,
    message: 'No scanner found',
    hint: 'Check that the scanner is on and connected, run `sohoa scan --list` (or `scanimage -L`), and pass its name with --device; a USB scanner needs permission for the user (group scanner or lp).',
  },
  {
    fault: 'io',
    pattern: /Error during device I\/O/i,
    message: 'Input/output error talking to the scanner',
    hint: 'Check the cable or network connection and power-cycle the scanner; the pages scanned before the error are kept.',
  },
];

/** The first SANE fault named in scanimage's messages, as a typed error; undefined when none is named. */
export function saneFault(stderr: string, device: string | undefined): ScannerError | undefined {
  const lines = stderr.split(/\r?\n/).filter((l) => /^scanimage:|sane_/i.test(l));
  for (const line of lines) {
    const rule = RULES.find((r) => r.pattern.test(line));
    if (rule) {
      const on = device ? ` (${device})` : '';
      return new ScannerError(rule.fault, `${rule.message}${on}: ${line.replace(/^scanimage:\s*/, '').trim()}`, { hint: rule.hint });
    }
  }
  return undefined;
}

/** scanimage failed without naming a SANE status. */
export function saneFailure(stderr: string, code: number | null, device: string | undefined): ScannerError {
  const last = stderr
    .split(/\r?\n/)
    .filter((l) => l.trim() && !/^Scann(ing|ed) page|^Batch terminated|^Output format is not set/.test(l))
    .pop();
  return new ScannerError('failed', `Expected scanimage to scan${device ? ` with ${device}` : ''}, but it exited ${code ?? 'on a signal'}${last ? `: ${last.trim()}` : ''}`, {
    hint: 'Run `scanimage -d DEVICE --help` to see the options the scanner accepts; run with --verbose for details.',
  });
}
