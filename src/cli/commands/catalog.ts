import type { Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { t } from '../../i18n/index.js';
import { registerCatalogCopy } from './catalog-copy.js';

/** The `catalog` command group, created once (`catalog copy` registers into it too). */
export function catalogGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'catalog') ?? program.command('catalog').description(t('catalog.description'));
}

export function registerCatalog(program: Command, define: Define): void {
  define(
    catalogGroup(program)
      .command('migrate')
      .description(t('catalog.migrate.description'))
      .addHelpText('after', helpAfter(['SOHOA_CATALOG_URL=postgres://sohoa@db.tinh.local/sohoa sohoa catalog migrate'], undefined, t('catalog.migrate.more'))),
    async (ctx) => {
      const { catalogLocation } = await import('../../adapters/open-catalog.js');
      const loc = catalogLocation(ctx.config.catalog.url, ctx.config.workspace);
      let result: { location: string; from: number; to: number; applied: Array<{ version: number; name: string }> };
      if (loc.engine === 'postgres') {
        const { migratePostgresCatalog } = await import('../../adapters/postgres/catalog.js');
        result = migratePostgresCatalog(loc.url, { passwordFile: ctx.config.catalog.passwordFile, applicationName: 'sohoa catalog migrate' });
      } else {
        const { migrateSqliteCatalog } = await import('../../adapters/sqlite/catalog.js');
        result = migrateSqliteCatalog(loc.file);
      }
      const applied = result.applied.map((m) => `${m.version} ${m.name}`).join(', ');
      return {
        data: { engine: loc.engine, ...result },
        text: result.applied.length
          ? t('catalog.migrated', { location: result.location, from: result.from, to: result.to, applied })
          : t('catalog.upToDate', { location: result.location, to: result.to }),
      };
    },
  );
  registerCatalogCopy(catalogGroup(program), define);
}
