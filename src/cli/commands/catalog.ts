import type { Command } from 'commander';
import type { Define } from '../main.js';
import { t } from '../../i18n/index.js';
import { registerCatalogCopy } from './catalog-copy.js';

/** `sohoa catalog …`: the catalog itself, whatever engine holds it. Each subcommand registers from its own file. */
export function registerCatalog(program: Command, define: Define): void {
  const catalog = program.command('catalog').description(t('cmd.catalog.description'));
  registerCatalogCopy(catalog, define);
}
