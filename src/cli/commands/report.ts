import { Option, type Command } from 'commander';
import path from 'node:path';
import type { Define } from '../main.js';
import { buildReport } from '../../report/build.js';
import { renderCsv, renderTable } from '../../report/render-text.js';
import { renderHtml } from '../../report/render-html.js';
import { parseTargets } from '../../domain/rates.js';
import { parseDate } from '../../registry/csv.js';
import { UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { Level } from '../../config/schema.js';
import { SORT_KEYS, type SortKey } from '../../report/rank.js';
import { buildTrend, TREND_BY, type TrendBy } from '../../report/trend.js';
import type { Lang } from '../../report/labels.js';

function count(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`Expected a positive whole number for ${name}, got "${String(v)}"`);
  return n;
}

function date(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  const d = parseDate(String(v));
  if (!d) throw new UsageError(`Expected a date YYYY-MM-DD for ${name}, got "${String(v)}"`);
  return d;
}

export function registerReport(program: Command, define: Define): void {
  define(
    program
      .command('report')
      .description('digitization rates per unit and level, against the targets')
      .addOption(new Option('--level <level>', 'only units of this level').choices(['province', 'district', 'commune']))
      .option('--unit <code>', 'drill down: this unit and its children')
      .option('--from <date>', 'received on or after this date')
      .option('--to <date>', 'received on or before this date')
      .option('--structure <date>', 'roll units into the structure valid on this date (e.g. 2025-07-01)')
      .option('--targets <spec>', 'targets in percent (default province=50,district=40,commune=35)')
      .addOption(new Option('--sort <key>', 'order units within each level: best rate, largest gap, or name').choices([...SORT_KEYS]))
      .option('--top <n>', 'only the N units of each level with the highest dossier rate')
      .option('--bottom <n>', 'only the N units of each level with the lowest dossier rate')
      .addOption(new Option('--by <period>', 'add a trend per month or quarter').choices([...TREND_BY]))
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'html', 'xlsx']).default('table'))
      .option('--bom', 'CSV: start with a UTF-8 byte-order mark (default with --lang vi)')
      .option('--no-bom', 'CSV: no byte-order mark')
      .option('--out <file>', 'write the report to a file instead of stdout')
      .addHelpText(
        'after',
        `
Examples:
  $ sohoa report --from 2022-01-01 --to 2022-12-31
  $ sohoa report --level commune --format csv --out communes.csv
  $ sohoa report --structure 2025-07-01 --format html --out report.html
  $ sohoa report --level commune --sort gap --bottom 10
  $ sohoa report --from 2022-01-01 --to 2022-12-31 --by month --format xlsx --out bao-cao.xlsx`,
      ),
    async (ctx, _args, opts) => {
      const from = date(opts.from, '--from');
      const to = date(opts.to, '--to');
      if (from && to && from > to) throw new UsageError(`Expected --from ${from} to be on or before --to ${to}`);
      let targets = ctx.config.report.targets;
      if (opts.targets) {
        try {
          targets = parseTargets(String(opts.targets), targets);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      }
      if (opts.top !== undefined && opts.bottom !== undefined) throw new UsageError('Expected one of --top or --bottom, got both');
      const options = {
        level: opts.level as Level | undefined,
        unit: opts.unit as string | undefined,
        from,
        to,
        structure: date(opts.structure, '--structure'),
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
      if (format === 'xlsx' && !opts.out) throw new UsageError('Expected --out FILE.xlsx with --format xlsx (a workbook is not for a terminal)');
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
        return { data: { ...report, out }, text: `Wrote the ${format} report to ${out}`, warnings: report.warnings };
      }
      // --json always gives the structured report; --format json gives the same on stdout.
      return { data: report, text: String(rendered), warnings: report.warnings };
    },
  );
}
