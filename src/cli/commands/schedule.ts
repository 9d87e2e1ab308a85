import type { Command } from 'commander';
import type { Define } from '../main.js';
import { buildSchedule, defaultUser } from '../../pipeline/schedule.js';
import { buildWorkerUnit } from '../../pipeline/schedule-worker.js';
import { UsageError } from '../../errors.js';
import { getLang, t } from '../../i18n/index.js';

export function registerSchedule(program: Command, define: Define): void {
  define(
    program
      .command('schedule')
      .description(t('schedule.help.desc'))
      .option('--at <HH:MM>', t('schedule.help.at'))
      .option('--worker', t('schedule.help.worker'))
      .option('--inbox <dir>', t('schedule.help.inbox'))
      .option('--max-duration <d>', t('schedule.help.maxDuration'), '6h')
      .option('--name <name>', t('schedule.help.name'))
      .option('--user <user>', t('schedule.help.user'), defaultUser())
      .option('--env-file <file>', t('schedule.help.envFile'), '/etc/sohoa/sohoa.env')
      .addHelpText('after', `\n${t('pipeline.help.example')}\n  $ sohoa --workspace /srv/sohoa/ws schedule --at 01:30 --inbox /srv/scans/inbox\n  $ sohoa --workspace /srv/sohoa/ws schedule --worker`),
    async (ctx, _args, opts) => {
      if (opts.worker) {
        const wo = {
          workspace: ctx.config.workspace,
          config: ctx.globals.config,
          archive: ctx.config.archive,
          name: String(opts.name ?? 'sohoa-worker'),
          user: String(opts.user),
          envFile: String(opts.envFile),
        };
        const w = buildWorkerUnit(wo);
        return { data: englishFor(w, () => buildWorkerUnit({ ...wo, lang: 'en' })), text: [w.service, t('schedule.install'), ...w.install.map((l) => `#   ${l}`), '', t('schedule.workerExitCodes')].join('\n') };
      }
      if (opts.at === undefined) throw new UsageError('Expected --at HH:MM for the nightly run, or --worker for a worker service', { key: 'schedule.atOrWorker' });
      const at = String(opts.at);
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) throw new UsageError(`Expected --at as HH:MM (24-hour), got "${at}"`, { key: 'schedule.badAt', params: { value: at } });
      const so = {
        at,
        inbox: opts.inbox as string | undefined,
        workspace: ctx.config.workspace,
        config: ctx.globals.config,
        archive: ctx.config.archive,
        maxDuration: String(opts.maxDuration),
        name: String(opts.name ?? 'sohoa-nightly'),
        user: String(opts.user),
        envFile: String(opts.envFile),
      };
      const s = buildSchedule(so);
      const text = [
        s.service,
        s.timer,
        s.failure,
        t('schedule.install'),
        ...s.install.map((l) => `#   ${l}`),
        '',
        t('schedule.cron', { logFile: s.logFile }),
        s.crontab,
        '',
        t('schedule.exitCodes'),
      ].join('\n');
      return { data: englishFor(s, () => buildSchedule({ ...so, lang: 'en' })), text };
    },
  );
}

/** JSON stays language-neutral: its unit texts carry the English comments whatever the run language. */
function englishFor<T>(built: T, inEnglish: () => T): T {
  return getLang() === 'en' ? built : inEnglish();
}
