import { ScannerError, type ScannerFault } from '../../errors.js';
import { t, type MessageKey } from '../../i18n/index.js';

interface Rule {
  fault: ScannerFault;
  /** SANE's status strings (sane_strstatus) and scanimage's own messages. */
  pattern: RegExp;
  message: string;
  hint: string;
  /** The catalogue key of the message; `${key}Hint` is the hint's. */
  key: MessageKey;
}

const RULES: Rule[] = [
  {
    fault: 'feeder-empty',
    pattern: /Document feeder out of documents|no documents/i,
    message: 'The document feeder is empty',
    hint: 'Put the pages face down in the feeder (or use --source Flatbed for the glass) and scan again.',
    key: 'scan.fault.feederEmpty',
  },
  {
    fault: 'jammed',
    pattern: /Document feeder jammed|jammed/i,
    message: 'Paper jam in the document feeder',
    hint: 'Open the feeder, remove the jammed sheet, put it back on top of the remaining pages and scan them; the pages before it are kept.',
    key: 'scan.fault.jammed',
  },
  {
    fault: 'cover-open',
    pattern: /Scanner cover is open|cover (is )?open/i,
    message: "The scanner's cover is open",
    hint: 'Close the scanner cover (or the feeder lid) and scan again.',
    key: 'scan.fault.coverOpen',
  },
  {
    fault: 'busy',
    pattern: /Device busy/i,
    message: 'The scanner is busy',
    hint: 'Another program (or another sohoa scan) is using the scanner: wait for it to finish, or close it, then scan again.',
    key: 'scan.fault.busy',
  },
  {
    fault: 'no-device',
    pattern: /no SANE devices found|open of device .* failed|Invalid argument.*device|Access to resource has been denied/i,
    message: 'No scanner found',
    hint: 'Check that the scanner is on and connected, run `sohoa scan --list` (or `scanimage -L`), and pass its name with --device; a USB scanner needs permission for the user (group scanner or lp).',
    key: 'scan.fault.noDevice',
  },
  {
    fault: 'io',
    pattern: /Error during device I\/O/i,
    message: 'Input/output error talking to the scanner',
    hint: 'Check the cable or network connection and power-cycle the scanner; the pages scanned before the error are kept.',
    key: 'scan.fault.io',
  },
];

/** The first SANE fault named in scanimage's messages, as a typed error; undefined when none is named. */
export function saneFault(stderr: string, device: string | undefined): ScannerError | undefined {
  const lines = stderr.split(/\r?\n/).filter((l) => /^scanimage:|sane_/i.test(l));
  for (const line of lines) {
    const rule = RULES.find((r) => r.pattern.test(line));
    if (rule) {
      const on = device ? ` (${device})` : '';
      const detail = line.replace(/^scanimage:\s*/, '').trim();
      return new ScannerError(rule.fault, `${rule.message}${on}: ${detail}`, {
        hint: rule.hint,
        key: rule.key,
        params: { on, detail },
        hintKey: `${rule.key}Hint` as MessageKey,
      });
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
  const detail = last ? `: ${last.trim()}` : '';
  return new ScannerError('failed', `Expected scanimage to scan${device ? ` with ${device}` : ''}, but it exited ${code ?? 'on a signal'}${detail}`, {
    hint: 'Run `scanimage -d DEVICE --help` to see the options the scanner accepts; run with --verbose for details.',
    key: 'scan.fault.failed',
    params: { with: device ? t('scan.fault.with', { device }) : '', code: code ?? t('scan.fault.onSignal'), detail },
    hintKey: 'scan.fault.failedHint',
  });
}
