import { Option, type Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { formatDate, getLang, t } from '../../i18n/index.js';
import { isValidOn } from '../../domain/units.js';
import { badDate } from '../context.js';
import { formatTable } from '../../report/text-table.js';
import { ENCODING_CHOICES, type EncodingChoice } from '../../registry/encoding-choices.js';

/** `--encoding` of the CSV imports (units, register). */
export const encodingOption = () => new Option('--encoding <name>', t('cmd.encoding')).choices([...ENCODING_CHOICES]).default('auto');
const noteLine = (note: string | undefined) => (note ? `${t('label.note', { note })}\n` : '');

/** The CSV reader (csv-parse) loads here, in the action, not when `--help` builds the program. */
async function dateOpt(v: string | undefined, name: string): Promise<string | undefined> {
  if (v === undefined) return undefined;
  const { parseDate } = await import('../../registry/csv.js');
  const d = parseDate(v);
  if (!d) throw badDate(name, v);
  return d;
}

export function registerUnits(program: Command, define: Define): void {
  const units = program.command('units').description(t('cmd.units.description'));

  define(
    units
      .command('import')
      .argument('<file>', t('cmd.units.import.file'))
      .option('--valid-from <date>', t('cmd.units.import.validFrom'))
      .option('--valid-to <date>', t('cmd.units.import.validTo'))
      .addOption(encodingOption())
      .description(t('cmd.units.import.description'))
      .addHelpText('after', helpAfter(['sohoa units import fixtures/units/tra-vinh-2025-03-01.csv'])),
    async (ctx, [file], opts) => {
      const { importUnits } = await import('../../registry/units-import.js');
      const res = await importUnits(ctx.catalog(), file!, {
        validFrom: await dateOpt(opts.validFrom as string | undefined, '--valid-from'),
        validTo: await dateOpt(opts.validTo as string | undefined, '--valid-to'),
        encoding: opts.encoding as EncodingChoice,
      });
      return {
        data: res,
        text: noteLine(res.note) + t('units.imported', { total: res.created + res.updated, file, created: res.created, updated: res.updated, province: res.byLevel.province, district: res.byLevel.district, commune: res.byLevel.commune }),
      };
    },
  );

  const map = units.command('map').description(t('cmd.units.map.description'));
  define(
    map
      .command('import')
      .argument('<file>', t('cmd.units.map.file'))
      .option('--effective <date>', t('cmd.units.map.effective'), '2025-07-01')
      .addOption(encodingOption())
      .description(t('cmd.units.map.import.description'))
      .addHelpText('after', helpAfter(['sohoa units map import fixtures/units/tra-vinh-to-vinh-long-2025-07-01.csv'])),
    async (ctx, [file], opts) => {
      const { importUnitMap } = await import('../../registry/units-import.js');
      const res = await importUnitMap(ctx.catalog(), file!, { effective: opts.effective as string, encoding: opts.encoding as EncodingChoice });
      return {
        data: res,
        text: noteLine(res.note) + t('units.mappings', { mappings: res.mappings, effective: formatDate(res.effective, getLang()), newUnits: res.newUnits, endedUnits: res.endedUnits }),
      };
    },
  );

  define(
    units
      .command('list')
      .addOption(new Option('--level <level>', t('cmd.units.list.level')).choices(['province', 'district', 'commune']))
      .option('--parent <code>', t('cmd.units.list.parent'))
      .option('--on <date>', t('cmd.units.list.on'))
      .description(t('cmd.units.list.description'))
      .addHelpText('after', helpAfter(['sohoa units list --level district --on 2025-03-01'])),
    async (ctx, _args, opts) => {
      const on = await dateOpt(opts.on as string | undefined, '--on');
      const list = ctx
        .catalog()
        .units.all()
        .filter((u) => (!opts.level || u.level === opts.level) && (!opts.parent || u.parentCode === opts.parent) && (!on || isValidOn(u, on)));
      const show = (d: string) => (d === '0000-01-01' || d === '9999-12-31' ? '' : formatDate(d, getLang()));
      return {
        data: list,
        text: formatTable(
          (['col.code', 'col.name', 'col.level', 'col.parent', 'col.validFrom', 'col.validTo'] as const).map((k) => t(k)),
          list.map((u) => [u.code, u.name, u.level, u.parentCode ?? '', show(u.validFrom), show(u.validTo)]),
        ) + `\n${t('units.count', { n: list.length })}`,
      };
    },
  );
}
