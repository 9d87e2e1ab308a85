/**
 * English comments inside the systemd units and install steps that `sohoa schedule` prints
 * (src/pipeline/schedule.ts, schedule-worker.ts); the directives themselves never change.
 * Written on one line: the builder wraps them into `# ` lines. Merged into en.ts.
 */
export const scheduleEn = {
  'unit.secrets': 'Secrets (P12 passphrase, token PIN, AWS keys) live here, mode 0600, never on the command line.',
  'unit.exit2': 'Exit 2 means some inputs were rejected (the rest were done): not a failure of the service.',
  'unit.sandbox': 'Sandbox: a dedicated user, no privilege gain, the whole file system read-only except the workspace (catalog, work files); a private /tmp.',
  'unit.sandboxArchive': 'Sandbox: a dedicated user, no privilege gain, the whole file system read-only except the workspace (catalog, work files) and the archive folder; a private /tmp.',
  'unit.failureAlert': 'Replace with your alert (mail, chat webhook…); the run\'s log: journalctl -u {name}.service',
  'unit.workerSecrets': 'SOHOA_CATALOG_URL, the PostgreSQL password (PGPASSWORD) or catalog.passwordFile, the S3 keys, the P12 passphrase or token PIN: here, mode 0600, never on the command line.',
  'unit.workerExit': '130: stopped by SIGTERM after finishing its step. Exit 5 (the catalog or the store stayed away longer than catalog.outageMinutes) and anything else: start again after a pause.',
  'unit.installOnce': 'once, if the user does not exist',
  'unit.installRunLog': 'the JSON-lines log of each run',
  'unit.installNextRun': 'when it runs next',
  'unit.installWorkerLog': 'its JSON-lines log',
} as const;
