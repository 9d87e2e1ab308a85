import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// Without SANE installed (as `npm test` runs on a fresh machine): clear messages, documented exit codes.
describe('sohoa scan without a scanner', () => {
  const dir = tempDir('sohoa-scan-cli-');
  const base = ['--workspace', path.join(dir, 'ws'), 'scan', '--inbox', path.join(dir, 'inbox')];
  const noSane = { PATH: tempDir('sohoa-empty-path-') }; // node itself is started by its full path

  it('scanimage missing: exit 3 with the package to install', async () => {
    const r = await runCli([...base, '--unit', '29236', '--dossier', '29236-2022-0000152'], { env: noSane });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/scanimage .*not installed/);
    expect(r.stderr).toMatch(/Hint: Install SANE: apt-get install sane-utils/);
  });

  it('usage: no unit, no dossier without --split, below 200 dpi, no inbox', async () => {
    expect((await runCli([...base, '--dossier', 'x'], { env: noSane })).code).toBe(1);
    const noDossier = await runCli([...base, '--unit', '29236'], { env: noSane });
    expect(noDossier.code).toBe(1);
    expect(noDossier.stderr).toMatch(/--split barcode/);
    const low = await runCli([...base, '--unit', '29236', '--dossier', 'x-1', '--resolution', '150'], { env: noSane });
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/Decree 30/);
    const noInbox = await runCli(['--workspace', path.join(dir, 'ws'), 'scan', '--unit', '29236'], { env: noSane });
    expect(noInbox.code).toBe(1);
    expect(noInbox.stderr).toMatch(/scan\.inbox/);
  });

  it('scan unassigned lists held pages; scan assign files them into a dossier and part', async () => {
    const inbox = path.join(dir, 'held-inbox');
    mkdirSync(path.join(inbox, '29236', '_unassigned'), { recursive: true });
    writeFileSync(path.join(inbox, '29236', '_unassigned', 'scan-x_p0001.png'), 'page');
    const list = await runCli(['--json', 'scan', 'unassigned', '--inbox', inbox]);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([{ unit: '29236', file: path.join(inbox, '29236', '_unassigned', 'scan-x_p0001.png') }]);
    const r = await runCli(['scan', 'assign', 'scan-x_p0001.png', '--dossier', '29236-2022-0000152', '--part', 'ket-qua', '--inbox', inbox]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(inbox, '29236', '29236-2022-0000152', 'ket-qua', 'scan-x_p0001.png'))).toBe(true);
    expect(existsSync(path.join(inbox, '29236', '_unassigned', 'scan-x_p0001.png'))).toBe(false);
    expect((await runCli(['scan', 'assign', 'scan-x_p0001.png', '--dossier', '29236-2022-0000152', '--inbox', inbox])).code).toBe(1); // no longer held
  });
});
