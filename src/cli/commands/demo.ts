import type { Command } from 'commander';
import type { Define } from '../main.js';
import { helpAfter } from '../help.js';
import { renderSummary } from '../summary.js';
import { formatRate, labels } from '../../report/labels.js';
import { getLang, t, type Lang } from '../../i18n/index.js';
import { formatTable } from '../../report/text-table.js';
import type { Report } from '../../report/build.js';

function levelTable(before: Report, after: Report, lang: Lang): string {
  const L = labels(lang);
  const rows = after.levels.map((a) => {
    const b = before.levels.find((x) => x.level === a.level);
    const f = a.figures;
    const rate = (n: number | null) => formatRate(n, lang);
    return [L.levels[a.level], String(f.received), rate(b?.figures.componentsRate ?? null), rate(f.componentsRate), rate(f.resultsRate), String(f.signed), String(f.archived), String(f.target), f.met === null ? L.noData : f.met ? L.yes : L.no];
  });
  return formatTable([L.level, L.received, t('demo.before', { label: L.componentsRate }, lang), L.componentsRate, L.resultsRate, L.signed, L.archived, L.target, L.met], rows);
}

export function registerDemo(program: Command, define: Define): void {
  define(
    program
      .command('demo')
      .description(t('cmd.demo.description'))
      .option('--dir <dir>', t('cmd.demo.dir'), 'sohoa-demo')
      .addHelpText('after', helpAfter(['npx sohoa demo', 'npx sohoa demo --dir /tmp/sohoa-demo --lang en'])),
    async (ctx, _args, opts) => {
      const [{ openSqliteCatalog }, { createProgress }] = await Promise.all([import('../../adapters/sqlite/catalog.js'), import('../progress.js')]);
      const progress = createProgress({ stream: ctx.streams.stderr, json: ctx.config.logFormat === 'json', tty: ctx.isTTY, quiet: true });
      const { runDemo } = await import('../../pipeline/demo.js');
      let res;
      try {
        res = await runDemo({
          dir: String(opts.dir),
          openCatalog: (ws) => {
            const c = openSqliteCatalog(ws);
            ctx.onDispose(() => c.close());
            return c;
          },
          baseConfig: ctx.config,
          cpuConcurrency: ctx.cpuConcurrency(),
          signal: ctx.signal,
          events: progress,
        });
      } finally {
        progress.stop();
      }
      const lang = getLang(); // the console speaks the run language (the HTML report follows report.lang)
      const text = [
        renderSummary(res.summary, lang),
        '',
        t('demo.byLevel'),
        levelTable(res.before, res.report, lang),
        '',
        t('demo.archive', { path: res.archive }),
        t('demo.html', { path: res.htmlReport }),
        t('demo.catalog', { path: res.catalog }),
        t('demo.certificate', { path: res.certificate }),
        '',
        t('demo.next', { workspace: res.workspace }),
        t('demo.next2', { archive: res.archive }),
      ].join('\n');
      return { data: res, text, exitCode: res.summary.exitCode };
    },
  );
}
