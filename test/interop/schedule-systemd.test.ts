import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSchedule } from '../../src/pipeline/schedule.js';
import { buildWorkerUnit } from '../../src/pipeline/schedule-worker.js';
import { requireTool, tempDir } from '../helpers/cli.js';

describe('sohoa schedule: the systemd units', () => {
  // The comments follow the run language; the directives, and systemd's verdict, must not.
  it.each(['en', 'vi'] as const)('are sandboxed, alert on failure, and pass systemd-analyze verify (comments in %s)', (lang) => {
    if (!requireTool('systemd-analyze')) return;
    const dir = tempDir('sohoa-schedule-');
    const s = buildSchedule({
      lang,
      at: '01:30',
      inbox: path.join(dir, 'inbox'),
      workspace: path.join(dir, 'ws'),
      archive: `file://${path.join(dir, 'archive')}`,
      maxDuration: '6h',
      name: 'sohoa-nightly',
      user: 'sohoa',
      envFile: '/etc/sohoa/sohoa.env',
    });
    for (const line of ['User=sohoa', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'PrivateTmp=yes', 'OnFailure=sohoa-nightly-failure.service']) {
      expect(s.service).toContain(line);
    }
    expect(s.service).toContain(`ReadWritePaths=${path.join(dir, 'ws')} ${path.join(dir, 'archive')}`);
    expect(s.service).toContain(lang === 'vi' ? '# Cô lập: chạy bằng người dùng riêng' : '# Sandbox: a dedicated user');
    expect(s.service.split('\n').filter((l) => l.startsWith('#')).every((l) => l.length <= 100)).toBe(true);
    const files = [
      ['sohoa-nightly.service', s.service],
      ['sohoa-nightly-failure.service', s.failure],
      ['sohoa-nightly.timer', s.timer],
    ].map(([name, text]) => {
      const p = path.join(dir, name!);
      writeFileSync(p, text!);
      return p;
    });
    const r = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_LEVEL: 'warning' } });
    // A user that does not exist on this machine is the one finding allowed (useradd is an install step).
    const findings = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() && !/user|group/i.test(l) && !/Failed to connect to bus|Failed to initialize manager/.test(l));
    expect(findings, `${r.stdout}${r.stderr}`).toEqual([]);
    expect(execFileSync('systemd-analyze', ['calendar', '*-*-* 01:30:00'], { encoding: 'utf8' })).toContain('Next elapse');
  });

  it.each(['en', 'vi'] as const)('the worker service restarts after a long outage, treats SIGTERM (130) as a clean stop, and passes systemd-analyze verify (comments in %s)', (lang) => {
    if (!requireTool('systemd-analyze')) return;
    const dir = tempDir('sohoa-schedule-worker-');
    const w = buildWorkerUnit({ workspace: path.join(dir, 'ws'), name: 'sohoa-worker', user: 'sohoa', envFile: '/etc/sohoa/sohoa.env', lang });
    expect(w.service).toContain(lang === 'vi' ? '# 130: dừng bởi SIGTERM sau khi xong bước đang làm' : '# 130: stopped by SIGTERM after finishing its step');
    for (const line of ['User=sohoa', 'Restart=on-failure', 'SuccessExitStatus=130', 'KillSignal=SIGTERM', 'ProtectSystem=strict', 'WantedBy=multi-user.target']) {
      expect(w.service).toContain(line);
    }
    expect(w.service).toMatch(/^ExecStart=.* worker --log-format json$/m);
    const file = path.join(dir, 'sohoa-worker.service');
    writeFileSync(file, w.service);
    const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_LEVEL: 'warning' } });
    const findings = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() && !/user|group/i.test(l) && !/Failed to connect to bus|Failed to initialize manager/.test(l));
    expect(findings, `${r.stdout}${r.stderr}`).toEqual([]);
  });
});
