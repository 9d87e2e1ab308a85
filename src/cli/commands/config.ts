import type { Command } from 'commander';
import type { Define } from '../main.js';
import { formatTable } from '../../report/text-table.js';
import { t } from '../../i18n/index.js';

export function registerConfig(program: Command, define: Define): void {
  const config = program.command('config').description(t('config.cmd.desc'));
  define(
    config
      .command('show')
      .description(t('config.cmd.showDesc'))
      .addHelpText('after', `\n${t('pipeline.help.example')}\n  $ SOHOA_OCR_MIN_DPI=300 sohoa config show --json`),
    async (ctx) => ({ data: ctx.config, text: JSON.stringify(ctx.config, null, 2) }),
  );
  define(
    config
      .command('keys')
      .description(t('config.cmd.keysDesc'))
      .addHelpText('after', `\n${t('pipeline.help.example')}\n  $ sohoa config keys`),
    async () => {
      const { describeConfig } = await import('../../config/load.js');
      const { configMeaning } = await import('../../config/meanings.js');
      const keys = describeConfig(); // JSON keeps the schema's English description
      const rows = keys.map((k) => [k.key, k.env, configMeaning(k.key) ?? k.description]);
      return { data: keys, text: formatTable([t('config.cmd.colKey'), t('config.cmd.colEnv'), t('config.cmd.colMeaning')], rows) };
    },
  );
}
