import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ScheduleOptions {
  at: string; // HH:MM, local time
  inbox?: string;
  workspace: string;
  config?: string;
  archive?: string;
  maxDuration: string;
  name: string;
  user: string;
  envFile: string;
}

export interface Schedule {
  service: string;
  timer: string;
  crontab: string;
  logFile: string;
  install: string[];
}

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/sohoa.js');

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Builds a systemd service + timer and the equivalent crontab line. Installs nothing. */
export function buildSchedule(o: ScheduleOptions): Schedule {
  const [hh, mm] = o.at.split(':');
  const args = [process.execPath, BIN, '--workspace', path.resolve(o.workspace)];
  if (o.config) args.push('--config', path.resolve(o.config));
  if (o.archive) args.push('--archive', o.archive);
  args.push('run');
  if (o.inbox) args.push(path.resolve(o.inbox));
  args.push('--max-duration', o.maxDuration, '--log-format', 'json');
  const cmd = args.map(shellQuote).join(' ');
  const logFile = path.join(path.resolve(o.workspace), 'logs', 'sohoa-run.log');
  const service = `# /etc/systemd/system/${o.name}.service
[Unit]
Description=sohoa nightly digitization run
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
User=${o.user}
WorkingDirectory=${path.resolve(o.workspace, '..')}
# Secrets (P12 passphrase, token PIN, AWS keys) live here, mode 0600, never on the command line.
EnvironmentFile=-${o.envFile}
ExecStart=${cmd}
# Exit 2 means some inputs were rejected (the rest were done): not a failure of the service.
SuccessExitStatus=2
KillSignal=SIGTERM
TimeoutStopSec=15min
Nice=5
`;
  const timer = `# /etc/systemd/system/${o.name}.timer
[Unit]
Description=Run ${o.name} every night at ${o.at}

[Timer]
OnCalendar=*-*-* ${hh}:${mm}:00
Persistent=true
RandomizedDelaySec=60

[Install]
WantedBy=timers.target
`;
  const crontab = `${Number(mm)} ${Number(hh)} * * * mkdir -p ${shellQuote(path.dirname(logFile))}; set -a; . ${o.envFile}; set +a; ${cmd} >> ${shellQuote(logFile)} 2>&1`;
  return {
    service,
    timer,
    crontab,
    logFile,
    install: [
      `sudo cp ${o.name}.service ${o.name}.timer /etc/systemd/system/`,
      'sudo systemctl daemon-reload',
      `sudo systemctl enable --now ${o.name}.timer`,
      `journalctl -u ${o.name}.service   # the JSON-lines log of each run`,
      `systemctl list-timers ${o.name}.timer   # when it runs next`,
    ],
  };
}

export function defaultUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'sohoa';
  }
}
