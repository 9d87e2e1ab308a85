import type { Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { formatNumber, getLang, t } from '../../i18n/index.js';
import { UsageError } from '../../errors.js';
import { badDate, positiveCount } from '../context.js';
import { formatTable } from '../../report/text-table.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !DATE.test(v)) throw badDate(name, v);
  return v;
}

export function registerSearch(program: Command, define: Define): void {
  const search = program
    .command('search')
    .argument('[query...]', t('cmd.search.query'))
    .option('--unit <code>', t('cmd.search.unit'))
    .option('--type <type>', t('cmd.onlyType'))
    .option('--dossier <code>', t('cmd.onlyDossier'))
    .option('--from <date>', t('cmd.search.from'))
    .option('--to <date>', t('cmd.search.to'))
    .option('--limit <n>', t('cmd.limitDocuments'), '20')
    .description(t('cmd.search.description'))
    .addHelpText(
      'after',
      `
Words written with diacritics rank their exact spelling first; without, every spelling matches.
Catalogs made before search existed: run \`sohoa search reindex\` once.

Examples:
  $ sohoa search ho so dat dai
  $ sohoa search "quyết định" --unit 29236 --from 2022-01-01 --to 2022-12-31
  $ sohoa search 542/TB-UBND --json`,
    );

  define(search, async (ctx, words, opts) => {
    const text = words.join(' ').trim();
    if (!text) throw new UsageError('Expected words to search for, got none', { hint: 'Example: sohoa search ho so dat dai', key: 'search.noWords', hintKey: 'search.example' });
    const limit = positiveCount(opts.limit, '--limit');
    const hits = ctx.catalog().search.search({
      text,
      unit: opts.unit as string | undefined,
      type: opts.type as string | undefined,
      dossier: opts.dossier as string | undefined,
      from: checkDate(opts.from, '--from'),
      to: checkDate(opts.to, '--to'),
      limit,
    });
    const lines = hits.map((h, i) =>
      [`${i + 1}. ${h.uid}  ${h.name}  [${[h.dossierCode, h.unitCode, h.type, h.status].filter(Boolean).join(' · ')}]  ${h.pageNo ? t('search.page', { n: h.pageNo }) : t('search.record')}`, `   ${h.snippet}`].join('\n'),
    );
    return { data: { query: text, hits }, text: [...lines, t('search.found', { n: hits.length })].join('\n') };
  });

  define(
    search
      .command('reindex')
      .description(t('cmd.search.reindex.description'))
      .addHelpText('after', helpAfter(['sohoa search reindex'])),
    async (ctx) => {
      const index = ctx.catalog().search;
      const res = index.rebuild();
      const stats = index.stats();
      return {
        data: { ...res, ...stats },
        text: formatTable(['', t('col.count')], [
          [t('col.documents'), String(res.documents)],
          [t('col.pages'), String(res.pages)],
          [t('search.indexRows'), String(stats.rows)],
          [t('search.indexSize'), stats.bytes === null ? '?' : formatNumber(stats.bytes / 1048576, getLang())],
        ]),
      };
    },
  );
}
