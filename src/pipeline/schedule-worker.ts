import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { t, type Lang } from '../i18n/index.js';
import { sandbox, shellQuote, SOHOA_BIN, unitComment } from './schedule.js';

export interface WorkerUnitOptions {
  workspace: string;
  config?: string;
  archive?: string;
  name: string;
  user: string;
  envFile: string;
  /** Language of the comments (default: the run language). */
  lang?: Lang;
}

export interface WorkerUnit {
  service: string;
  install: string[];
}

/**
 * The systemd service of a worker on a shared catalog: always running, restarted after an
 * outage that outlasted catalog.outageMinutes (exit 5), stopped with SIGTERM (it finishes the
 * current step and exits 130). One per machine: it uses every core (concurrency).
 */
export function buildWorkerUnit(o: WorkerUnitOptions): WorkerUnit {
  const args = [process.execPath, SOHOA_BIN, '--workspace', path.resolve(o.workspace)];
  if (o.config) args.push('--config', path.resolve(o.config));
  if (o.archive) args.push('--archive', o.archive);
  args.push('worker', '--log-format', 'json');
  const archiveDir = o.archive?.startsWith('file://') ? fileURLToPath(o.archive) : undefined;
  const writable = [path.resolve(o.workspace), ...(archiveDir ? [archiveDir] : [])];
  const service = `# /etc/systemd/system/${o.name}.service
[Unit]
Description=sohoa worker (shared catalog: OCR, PDF, classify, sign, archive)
Wants=network-online.target
After=network-online.target postgresql.service minio.service

[Service]
Type=simple
User=${o.user}
WorkingDirectory=${path.resolve(o.workspace, '..')}
${unitComment(t('unit.workerSecrets', undefined, o.lang))}
EnvironmentFile=-${o.envFile}
ExecStart=${args.map(shellQuote).join(' ')}
${unitComment(t('unit.workerExit', undefined, o.lang))}
SuccessExitStatus=130
Restart=on-failure
RestartSec=60
KillSignal=SIGTERM
TimeoutStopSec=15min
Nice=5
${sandbox(writable)}
[Install]
WantedBy=multi-user.target
`;
  return {
    service,
    install: [
      `sudo useradd --system --home-dir ${path.resolve(o.workspace)} --shell /usr/sbin/nologin ${o.user}   # ${t('unit.installOnce', undefined, o.lang)}`,
      `sudo install -d -o ${o.user} -g ${o.user} -m 0750 ${writable.join(' ')}`,
      `sudo cp ${o.name}.service /etc/systemd/system/`,
      'sudo systemctl daemon-reload',
      `sudo systemctl enable --now ${o.name}.service`,
      `journalctl -u ${o.name}.service -f   # ${t('unit.installWorkerLog', undefined, o.lang)}`,
    ],
  };
}
