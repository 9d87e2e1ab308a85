/**
 * The English catalogue. Its keys are the type every catalogue must satisfy (vi.ts), and
 * test/i18n/catalogues.test.ts compares the key sets and the `{placeholders}` at run time.
 * Keys are `area.what`; texts hold `{name}` placeholders filled by t(key, params).
 */
export const en = {
  // CLI frame (output.ts, main.ts)
  'label.error': 'Error',
  'label.hint': 'Hint',
  'label.warning': 'Warning',
  'label.causedBy': 'Caused by',
  'main.signal': 'Received {signal}: finishing the work in flight; press Ctrl-C again to stop at once.',
  'main.helpAfterError': '(run with --help for usage)',
  'main.langOption': 'language of messages, progress, summaries and reports: vi or en (default vi; SOHOA_LANG)',
  'main.badLang': 'Expected vi or en for --lang, got "{value}" (tesseract languages such as vie+eng now go in --ocr-lang)',
  'error.pathMissing': 'Cannot {syscall} {path}: no such file or folder',
  'error.pathDenied': 'Cannot {syscall} {path}: permission denied',
  'error.unexpected': 'Unexpected error: {message}',
  'hint.checkPath': 'Check the path, its permissions and free disk space.',
  'hint.bug': 'This is a bug in sohoa; run again with --verbose and report the stack trace.',
  'error.interrupted': 'Interrupted',

  // Log levels in text lines
  'log.warn': 'warn',
  'log.error': 'error',
  'log.debug': 'debug',
} as const;

export type MessageKey = keyof typeof en;
/** What every catalogue is: one text per key of the English one. */
export type Catalogue = { readonly [K in MessageKey]: string };
