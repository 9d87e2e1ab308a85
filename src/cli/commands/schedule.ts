import type { Command } from 'commander';
import type { Define } from '../main.js';
import { buildSchedule, defaultUser } from '../../pipeline/schedule.js';
import { UsageError } from '../../errors.js';

export function registerSchedule(program: Command, define: Define): void {
  define(
    program
      .command('schedule')
      .description('print a systemd service + timer and a crontab line for the nightly run (installs nothing)')
      .requiredOption('--at <HH:MM>', 'local time of the nightly run')
      .option('--inbox <dir>', 'scanner inbox to ingest each night')
      .option('--max-duration <d>', 'stop taking new work after this long', '6h')
      .option('--name <name>', 'systemd unit name', 'sohoa-nightly')
      .option('--user <user>', 'dedicated user the service runs as', defaultUser())
      .option('--env-file <file>', 'file with the secrets, mode 0600', '/etc/sohoa/sohoa.env')
      .addHelpText('after', '\nExample:\n  $ sohoa --workspace /srv/sohoa/ws schedule --at 01:30 --inbox /srv/scans/inbox'),
    async (ctx, _args, opts) => {
      const at = String(opts.at);
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) throw new UsageError(`Expected --at as HH:MM (24-hour), got "${at}"`);
      const s = buildSchedule({
        at,
        inbox: opts.inbox as string | undefined,
        workspace: ctx.config.workspace,
        config: ctx.globals.config,
        archive: ctx.config.archive,
        maxDuration: String(opts.maxDuration),
        name: String(opts.name),
        user: String(opts.user),
        envFile: String(opts.envFile),
      });
      const text = [
        s.service,
        s.timer,
        s.failure,
        '# Install (systemd):',
        ...s.install.map((l) => `#   ${l}`),
        '',
        '# Or, with cron (crontab -e); the log goes to ' + s.logFile + ':',
        s.crontab,
        '',
        '# Exit codes: 0 ok, 2 some inputs rejected, 3 bad config, 5 storage error, 6 signing error, 11 already running, 130 interrupted.',
      ].join('\n');
      return { data: s, text };
    },
  );
}
