/**
 * English texts of the rarer errors (register and unit imports, sidecar versions, `--stages`, rules
 * regexes); keys are `area.what`. Row-level reasons inside `{lines}` stay as the importer words them.
 * Merged into en.ts.
 */
export const errorsEn = {
  'registry.badHeader': '{file}: expected columns {expected}, missing {missing}',
  'registry.badHeaderHint': 'The first line must be the header row.',
  'registry.quoteNotClosed': '{file}: a quoted field opened on line {line} is never closed',
  'registry.badCsv': '{file}: not valid CSV near line {line} ({code})',
  'registry.workbook': '{file}: expected a CSV text file, got a ZIP archive (an Excel .xlsx workbook?)',
  'registry.workbookHint': 'In Excel: File › Save As › "CSV UTF-8 (Comma delimited)", then import the .csv.',
  'registry.convertedTwice': '{file}: expected Vietnamese text in UTF-8, got text that was converted twice (line {line} has "{sample}", as when UTF-8 is read as Windows-1252 and saved again)',
  'registry.convertedTwiceHint': 'Export the file again from the one-stop system as "CSV UTF-8"; do not open and re-save it in a program that assumed another encoding.',
  'registry.latin1': '{file}: expected UTF-8, got Windows-1252 / Latin-1 text. That code page has no ư, ơ, đ, ă or dotted vowels, so Vietnamese names in it are usually already damaged ("?" in place of letters); nothing was imported',
  'registry.latin1At': '{file}: expected UTF-8, got Windows-1252 / Latin-1 text (first non-UTF-8 byte on line {line}). That code page has no ư, ơ, đ, ă or dotted vowels, so Vietnamese names in it are usually already damaged ("?" in place of letters); nothing was imported',
  'registry.latin1Hint': 'Export the file again as "CSV UTF-8", or convert it: {command} — or, if every name is right, import it as it is with --encoding windows-1252. A Windows-1258 file: --encoding windows-1258.',
  'registry.invalidRows': '{file}: {skipped} invalid row(s) of {rows}; nothing was imported\n{lines}',
  'registry.invalidRowsHint': 'Fix the rows, or import the valid ones with --skip-invalid.',
  'units.invalidRows': '{file}: {count} invalid row(s); nothing was imported\n{lines}',
  'units.invalidRowsHint': 'Fix the rows and import again.',
  'units.noRows': '{file}: no rows',
  'units.badEffective': 'Expected a date YYYY-MM-DD for --effective, got "{value}"',
  'units.unknown': 'Unknown unit {code}',
  'units.unknownHint': 'See `sohoa units list`.',
  'units.merged': 'Unit {code} ({name}) does not exist in the structure of {date}: it was merged into {successor} ({successorName})',
  'units.mergedHint': 'Use --unit {successor}, or a --structure date before {validTo} to see {code} as it was.',
  'units.notValid': 'Unit {code} ({name}) is not valid in the structure of {date}',
  'units.notValidHint': 'Use a --structure date before {validTo}.',
  'sidecar.notArchived': 'Expected document {document} archived in {archive}, but the catalog has no object there',
  'sidecar.notArchivedHint': 'Use the archive the document was archived to (--archive).',
  'sidecar.missing': 'Expected the sidecar {key} in {archive}, but it is missing',
  'sidecar.missingHint': 'Run `sohoa fixity` to see what else is missing.',
  'sidecar.mismatch': 'Expected the sidecar {key} to describe SHA-256 {sha256}, got {got}',
  'sidecar.mismatchHint': 'Run `sohoa fixity` and resolve its findings first.',
  'steps.badStages': 'Expected --stages from {allowed}, got {bad}',
  'rules.badRegex': 'Bad regex for type {type}: {detail}',
} as const;
