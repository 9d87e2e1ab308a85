import { Option, type Command } from 'commander';
import type { Define } from '../main.js';
import { t } from '../../i18n/index.js';
import { importRegister } from '../../registry/register-import.js';
import { ExitCode } from '../../errors.js';
import { ENCODING_CHOICES, type EncodingChoice } from '../../registry/encoding.js';

export function registerRegister(program: Command, define: Define): void {
  const register = program.command('register').description('the register of received dossiers (the denominator of every rate)');
  define(
    register
      .command('import')
      .argument('<file>', 'CSV export of the one-stop system')
      .option('--skip-invalid', 'import the valid rows and report the others (exit 2)')
      .addOption(new Option('--encoding <name>', 'text encoding of the file (default: detected)').choices([...ENCODING_CHOICES]).default('auto'))
      .description('import received dossiers; re-importing updates them by dossier_code')
      .addHelpText(
        'after',
        `
Columns: dossier_code,procedure_code,unit_code,agency,received_date,resolved_date,components_digitized,result_digitized
Dates are YYYY-MM-DD (or DD/MM/YYYY); resolved_date may be empty; the flags are 0 or 1.
Without --skip-invalid, any invalid row means nothing is imported (exit 2). A dossier_code that
appears twice in the file is an invalid row (both lines are named).
Encoding: UTF-8 (with or without BOM), UTF-16 and Windows-1258 are read and converted; a
Windows-1252/Latin-1 file is refused unless --encoding windows-1252 (see docs/registers.md).

Example:
  $ sohoa register import fixtures/register/sample-register.csv`,
      ),
    async (ctx, [file], opts) => {
      const res = await importRegister(ctx.catalog(), file!, { skipInvalid: Boolean(opts.skipInvalid), encoding: opts.encoding as EncodingChoice });
      const lines = [
        ...(res.note ? [t('label.note', { note: res.note })] : []),
        t('register.imported', { total: res.inserted + res.updated, rows: res.rows, file, inserted: res.inserted, updated: res.updated }),
      ];
      if (res.skipped) {
        lines.push(t('register.skipped', { n: res.skipped }));
        lines.push(...res.problems.slice(0, 20).map((p) => t('register.line', { line: p.line, reason: p.reason })));
        if (res.skipped > 20) lines.push(`  ${t('summary.more', { n: res.skipped - 20 })}`);
      }
      return { data: res, text: lines.join('\n'), exitCode: res.skipped ? ExitCode.Rejected : ExitCode.Ok };
    },
  );
}
