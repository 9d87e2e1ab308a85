import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { t, type Lang } from '../i18n/index.js';

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
  /** Language of the comments (default: the run language); the directives are the same in every language. */
  lang?: Lang;
}

export interface Schedule {
  service: string;
  timer: string;
  /** Started by systemd when the run fails (OnFailure=): logs an alert line; edit it to mail or page someone. */
  failure: string;
  crontab: string;
  logFile: string;
  install: string[];
}

export const SOHOA_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/sohoa.js');

/** A comment for a unit file: `# ` lines wrapped at about `width` characters. */
export function unitComment(text: string, width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width - 2) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l) => `# ${l}`).join('\n');
}

export const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The sandbox of every sohoa service: no privilege gain, read-only except `writable`, a private /tmp. */
export function sandbox(writable: string[]): string {
  return `NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths=${writable.join(' ')}
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
UMask=0027
`;
}

/** Builds a systemd service + timer and the equivalent crontab line. Installs nothing. */
export function buildSchedule(o: ScheduleOptions): Schedule {
  const inLang = (key: Parameters<typeof t>[0], params?: Parameters<typeof t>[1]) => t(key, params, o.lang);
  const [hh, mm] = o.at.split(':');
  const args = [process.execPath, SOHOA_BIN, '--workspace', path.resolve(o.workspace)];
  if (o.config) args.push('--config', path.resolve(o.config));
  if (o.archive) args.push('--archive', o.archive);
  args.push('run');
  if (o.inbox) args.push(path.resolve(o.inbox));
  args.push('--max-duration', o.maxDuration, '--log-format', 'json');
  const cmd = args.map(shellQuote).join(' ');
  const logFile = path.join(path.resolve(o.workspace), 'logs', 'sohoa-run.log');
  const archiveDir = o.archive?.startsWith('file://') ? fileURLToPath(o.archive) : undefined;
  const writable = [path.resolve(o.workspace), ...(archiveDir ? [archiveDir] : [])];
  const service = `# /etc/systemd/system/${o.name}.service
[Unit]
Description=sohoa nightly digitization run
Wants=network-online.target
After=network-online.target
OnFailure=${o.name}-failure.service

[Service]
Type=oneshot
User=${o.user}
WorkingDirectory=${path.resolve(o.workspace, '..')}
${unitComment(inLang('unit.secrets'))}
EnvironmentFile=-${o.envFile}
ExecStart=${cmd}
${unitComment(inLang('unit.exit2'))}
SuccessExitStatus=2
KillSignal=SIGTERM
TimeoutStopSec=15min
Nice=5
${unitComment(inLang(archiveDir ? 'unit.sandboxArchive' : 'unit.sandbox'))}
${sandbox(writable)}`;
  const failure = `# /etc/systemd/system/${o.name}-failure.service
[Unit]
Description=Alert: ${o.name} failed

[Service]
Type=oneshot
${unitComment(inLang('unit.failureAlert', { name: o.name }))}
ExecStart=/usr/bin/logger -p user.err -t ${o.name} "sohoa nightly run failed; see journalctl -u ${o.name}.service"
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
    failure,
    crontab,
    logFile,
    install: [
      `sudo useradd --system --home-dir ${path.resolve(o.workspace)} --shell /usr/sbin/nologin ${o.user}   # ${inLang('unit.installOnce')}`,
      `sudo install -d -o ${o.user} -g ${o.user} -m 0750 ${writable.join(' ')}`,
      `sudo cp ${o.name}.service ${o.name}-failure.service ${o.name}.timer /etc/systemd/system/`,
      'sudo systemctl daemon-reload',
      `sudo systemctl enable --now ${o.name}.timer`,
      `journalctl -u ${o.name}.service   # ${inLang('unit.installRunLog')}`,
      `systemctl list-timers ${o.name}.timer   # ${inLang('unit.installNextRun')}`,
    ],
  };
}

/** The service runs as a dedicated system user, never as root or a person's account. */
export function defaultUser(): string {
  return 'sohoa';
}
