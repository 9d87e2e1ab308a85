import type { Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { t } from '../../i18n/index.js';
import { ExitCode } from '../../errors.js';
import type { EncodingChoice } from '../../registry/encoding-choices.js';
import { encodingOption } from './units.js';

export function registerRegister(program: Command, define: Define): void {
  const register = program.command('register').description(t('cmd.register.description'));
  define(
    register
      .command('import')
      .argument('<file>', t('cmd.register.import.file'))
      .option('--skip-invalid', t('cmd.register.import.skipInvalid'))
      .addOption(encodingOption())
      .description(t('cmd.register.import.description'))
      .addHelpText('after', helpAfter(['sohoa register import fixtures/register/sample-register.csv'], t('cmd.register.import.more'))),
    async (ctx, [file], opts) => {
      const { importRegister } = await import('../../registry/register-import.js');
      const res = await importRegister(ctx.catalog(), file!, { skipInvalid: Boolean(opts.skipInvalid), encoding: opts.encoding as EncodingChoice });
      const lines = [
        ...(res.note ? [t('label.note', { note: res.note })] : []),
        t('register.imported', { total: res.inserted + res.updated, rows: res.rows, file, inserted: res.inserted, updated: res.updated }),
      ];
      if (res.skipped) {
        lines.push(t('register.skipped', { n: res.skipped }));
        lines.push(...res.problems.slice(0, 20).map((p) => t('register.line', { line: p.line, reason: p.key ? t(p.key, p.params) : p.reason })));
        if (res.skipped > 20) lines.push(`  ${t('summary.more', { n: res.skipped - 20 })}`);
      }
      return { data: res, text: lines.join('\n'), exitCode: res.skipped ? ExitCode.Rejected : ExitCode.Ok };
    },
  );
}
