import type { Command } from 'commander';
import type { Define } from '../main.js';
import { UsageError } from '../../errors.js';
import { formatTable } from '../../report/text-table.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !DATE.test(v)) throw new UsageError(`Expected a date YYYY-MM-DD for ${name}, got "${String(v)}"`);
  return v;
}

export function registerSearch(program: Command, define: Define): void {
  const search = program
    .command('search')
    .argument('[query...]', 'words to find; diacritics optional ("ho so" finds "hồ sơ")')
    .option('--unit <code>', 'only documents received by this unit (GSO code)')
    .option('--type <type>', 'only this document type, e.g. quyet-dinh')
    .option('--dossier <code>', 'only this dossier')
    .option('--from <date>', 'dossiers received on or after this date (YYYY-MM-DD)')
    .option('--to <date>', 'dossiers received on or before this date (YYYY-MM-DD)')
    .option('--limit <n>', 'at most this many documents', '20')
    .description('full-text search over OCR text and record metadata, best first, with snippets')
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
    if (!text) throw new UsageError('Expected words to search for, got none', { hint: 'Example: sohoa search ho so dat dai' });
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`Expected a positive whole number for --limit, got "${String(opts.limit)}"`);
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
      [`${i + 1}. ${h.uid}  ${h.name}  [${[h.dossierCode, h.unitCode, h.type, h.status].filter(Boolean).join(' · ')}]${h.pageNo ? `  page ${h.pageNo}` : '  record'}`, `   ${h.snippet}`].join('\n'),
    );
    return { data: { query: text, hits }, text: [...lines, `${hits.length} document(s) found`].join('\n') };
  });

  define(
    search
      .command('reindex')
      .description('rebuild the search index from the catalog (pages and record metadata)')
      .addHelpText('after', '\nExample:\n  $ sohoa search reindex'),
    async (ctx) => {
      const index = ctx.catalog().search;
      const res = index.rebuild();
      const stats = index.stats();
      return {
        data: { ...res, ...stats },
        text: formatTable(['', 'count'], [
          ['documents', String(res.documents)],
          ['pages', String(res.pages)],
          ['index rows', String(stats.rows)],
          ['index size (MB)', stats.bytes === null ? '?' : (stats.bytes / 1048576).toFixed(1)],
        ]),
      };
    },
  );
}
