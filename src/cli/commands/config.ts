import type { Command } from 'commander';
import type { Define } from '../main.js';
import { describeConfig } from '../../config/load.js';
import { formatTable } from '../../report/text-table.js';

export function registerConfig(program: Command, define: Define): void {
  const config = program.command('config').description('configuration: sohoa.config.json < SOHOA_* environment < flags');
  define(
    config
      .command('show')
      .description('print the effective configuration (secrets are never in it: only the names of their variables or files)')
      .addHelpText('after', '\nExample:\n  $ SOHOA_OCR_MIN_DPI=300 sohoa config show --json'),
    async (ctx) => ({ data: ctx.config, text: JSON.stringify(ctx.config, null, 2) }),
  );
  define(
    config
      .command('keys')
      .description('list every configuration key with its environment variable and meaning')
      .addHelpText('after', '\nExample:\n  $ sohoa config keys'),
    async () => {
      const keys = describeConfig();
      return { data: keys, text: formatTable(['key', 'environment variable', 'meaning'], keys.map((k) => [k.key, k.env, k.description])) };
    },
  );
}
