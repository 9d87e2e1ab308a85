import { Command, Option } from 'commander';
import type { Define } from '../main.js';
import { formatDate, getLang, t } from '../../i18n/index.js';
import { importUnitMap, importUnits } from '../../registry/units-import.js';
import { isValidOn } from '../../domain/units.js';
import { parseDate } from '../../registry/csv.js';
import { UsageError } from '../../errors.js';
import { formatTable } from '../../report/text-table.js';
import { ENCODING_CHOICES, type EncodingChoice } from '../../registry/encoding.js';

const encodingOption = () => new Option('--encoding <name>', 'text encoding of the file (default: detected)').choices([...ENCODING_CHOICES]).default('auto');
const noteLine = (note: string | undefined) => (note ? `${t('label.note', { note })}\n` : '');

function dateOpt(v: string | undefined, name: string): string | undefined {
  if (v === undefined) return undefined;
  const d = parseDate(v);
  if (!d) throw new UsageError(`Expected a date YYYY-MM-DD for ${name}, got "${v}"`);
  return d;
}

export function registerUnits(program: Command, define: Define): void {
  const units = program.command('units').description('administrative units (GSO codes) and the 2025 reorganisation mapping');

  define(
    units
      .command('import')
      .argument('<file>', 'CSV: code,name,type,level,parent_code (or the GSO export)')
      .option('--valid-from <date>', 'date from which these units are valid (default: always)')
      .option('--valid-to <date>', 'date from which they are no longer valid (default: open)')
      .addOption(encodingOption())
      .description('import administrative units')
      .addHelpText('after', '\nExample:\n  $ sohoa units import fixtures/units/tra-vinh-2025-03-01.csv'),
    async (ctx, [file], opts) => {
      const res = await importUnits(ctx.catalog(), file!, {
        validFrom: dateOpt(opts.validFrom as string | undefined, '--valid-from'),
        validTo: dateOpt(opts.validTo as string | undefined, '--valid-to'),
        encoding: opts.encoding as EncodingChoice,
      });
      return {
        data: res,
        text: noteLine(res.note) + t('units.imported', { total: res.created + res.updated, file, created: res.created, updated: res.updated, province: res.byLevel.province, district: res.byLevel.district, commune: res.byLevel.commune }),
      };
    },
  );

  const map = units.command('map').description('mapping of old units to new ones');
  define(
    map
      .command('import')
      .argument('<file>', 'CSV: old_code,old_name,new_code,new_name,new_province_code,new_province_name')
      .option('--effective <date>', 'date the new structure takes effect', '2025-07-01')
      .addOption(encodingOption())
      .description('import a reorganisation mapping (old communes to new ones)')
      .addHelpText('after', '\nExample:\n  $ sohoa units map import fixtures/units/tra-vinh-to-vinh-long-2025-07-01.csv'),
    async (ctx, [file], opts) => {
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
      .addOption(new Option('--level <level>', 'only this level').choices(['province', 'district', 'commune']))
      .option('--parent <code>', 'only the children of this unit')
      .option('--on <date>', 'the structure valid on this date (default: every version)')
      .description('list administrative units')
      .addHelpText('after', '\nExample:\n  $ sohoa units list --level district --on 2025-03-01'),
    async (ctx, _args, opts) => {
      const on = dateOpt(opts.on as string | undefined, '--on');
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
