import { Option, type Command } from 'commander';
import path from 'node:path';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { getLang, t } from '../../i18n/index.js';
import { UsageError } from '../../errors.js';
import { badDate, positiveCount } from '../context.js';
import type { Level } from '../../config/schema.js';
import { SORT_KEYS, type SortKey } from '../../report/rank.js';
import type { TrendBy } from '../../report/trend.js';
import { warningsIn, type Lang } from '../../report/labels.js';

// The report builders, renderers, CSV date parser and config schema load in the action: `--help` skips them.
const TREND_CHOICES: readonly TrendBy[] = ['month', 'quarter'];

function count(v: unknown, name: string): number | undefined {
  return v === undefined ? undefined : positiveCount(v, name);
}

function date(parseDate: (v: string) => string | null | undefined, v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  const d = parseDate(String(v));
  if (!d) throw badDate(name, v);
  return d;
}

export function registerReport(program: Command, define: Define): void {
  define(
    program
      .command('report')
      .description(t('cmd.report.description'))
      .addOption(new Option('--level <level>', t('cmd.report.level')).choices(['province', 'district', 'commune']))
      .option('--unit <code>', t('cmd.report.unit'))
      .option('--from <date>', t('cmd.report.from'))
      .option('--to <date>', t('cmd.report.to'))
      .option('--structure <date>', t('cmd.report.structure'))
      .option('--targets <spec>', t('cmd.report.targets'))
      .addOption(new Option('--sort <key>', t('cmd.report.sort')).choices([...SORT_KEYS]))
      .option('--top <n>', t('cmd.report.top'))
      .option('--bottom <n>', t('cmd.report.bottom'))
      .addOption(new Option('--by <period>', t('cmd.report.by')).choices([...TREND_CHOICES]))
      .addOption(new Option('--format <format>', t('cmd.report.format')).choices(['table', 'csv', 'json', 'html', 'xlsx']).default('table'))
      .option('--bom', t('cmd.report.bom'))
      .option('--no-bom', t('cmd.report.noBom'))
      .option('--out <file>', t('cmd.report.out'))
      .addHelpText(
        'after',
        helpAfter([
          'sohoa report --from 2022-01-01 --to 2022-12-31',
          'sohoa report --level commune --format csv --out communes.csv',
          'sohoa report --structure 2025-07-01 --format html --out report.html',
          'sohoa report --level commune --sort gap --bottom 10',
          'sohoa report --from 2022-01-01 --to 2022-12-31 --by month --format xlsx --out bao-cao.xlsx',
        ]),
      ),
    async (ctx, _args, opts) => {
      const [{ buildReport }, { renderCsv, renderTable }, { renderHtml }, { parseTargets }, { parseDate }, { writeFileAtomic }, { buildTrend }] = await Promise.all([
        import('../../report/build.js'),
        import('../../report/render-text.js'),
        import('../../report/render-html.js'),
        import('../../domain/rates.js'),
        import('../../registry/csv.js'),
        import('../../util/fs.js'),
        import('../../report/trend.js'),
      ]);
      const from = date(parseDate, opts.from, '--from');
      const to = date(parseDate, opts.to, '--to');
      if (from && to && from > to) throw new UsageError(`Expected --from ${from} to be on or before --to ${to}`, { key: 'cmd.report.fromAfterTo', params: { from, to } });
      let targets = ctx.config.report.targets;
      if (opts.targets) {
        try {
          targets = parseTargets(String(opts.targets), targets);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      }
      if (opts.top !== undefined && opts.bottom !== undefined) throw new UsageError('Expected one of --top or --bottom, got both', { key: 'cmd.report.topAndBottom' });
      const options = {
        level: opts.level as Level | undefined,
        unit: opts.unit as string | undefined,
        from,
        to,
        structure: date(parseDate, opts.structure, '--structure'),
        targets,
        measures: ctx.config.report.targetOn,
        sort: opts.sort as SortKey | undefined,
        top: count(opts.top, '--top'),
        bottom: count(opts.bottom, '--bottom'),
      };
      const catalog = ctx.catalog();
      const report = buildReport(catalog, options);
      if (opts.by) report.trend = { by: opts.by as TrendBy, ...buildTrend(catalog, options, opts.by as TrendBy) };
      // The global --lang (also `report --lang`) sets report.lang; else config report.lang, else the run language.
      const lang: Lang = ctx.config.report.lang ?? ctx.config.lang;
      const format = opts.format as string;
      if (format === 'xlsx' && !opts.out) throw new UsageError('Expected --out FILE.xlsx with --format xlsx (a workbook is not for a terminal)', { key: 'cmd.report.xlsxNeedsOut' });
      const bom = opts.bom as boolean | undefined;
      const rendered =
        format === 'xlsx'
          ? await (await import('../../report/render-xlsx.js')).renderXlsx(report, lang)
          : format === 'csv'
            ? renderCsv(report, { lang, bom })
            : format === 'html'
              ? renderHtml(report, lang)
              : format === 'json'
                ? JSON.stringify(report, null, 2)
                : renderTable(report, lang);
      if (opts.out) {
        const out = path.resolve(String(opts.out));
        await writeFileAtomic(out, rendered);
        return { data: { ...report, out }, text: t('cmd.report.wrote', { format, out }), warnings: warningsIn(report, getLang()) };
      }
      // --json always gives the structured report; --format json gives the same on stdout.
      return { data: report, text: String(rendered), warnings: warningsIn(report, getLang()) };
    },
  );
}
