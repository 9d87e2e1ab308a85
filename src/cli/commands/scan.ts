import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Define, Opts } from '../main.js';
import type { CliContext } from '../context.js';
import type { CommandOutput } from '../output.js';
import { ScannerError, UsageError } from '../../errors.js';
import { formatTable } from '../../report/text-table.js';
import type { ScanResult } from '../../stages/scan/index.js';
import { inboxOf, registerScanTools } from './scan-tools.js';
import { say, t } from '../../i18n/index.js';

function dpi(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 200 || n > 1200) {
    throw new (class extends Error {
      code = 'commander.invalidArgument';
    })(t('scan.badResolution', { value: v }));
  }
  return n;
}

export function registerScan(program: Command, define: Define): void {
  const scan = program
    .command('scan')
    .description(t('scan.help.desc'))
    .option('--inbox <dir>', t('scan.help.inbox'))
    .option('--unit <code>', t('scan.help.unit'))
    .option('--dossier <code>', t('scan.help.dossier'))
    .addOption(new Option('--part <part>', t('scan.help.part')).choices(['ho-so', 'ket-qua']).default('ho-so'))
    .option('--device <name>', t('scan.help.device'))
    .addOption(new Option('--source <source>', t('scan.help.source')).choices(['ADF', 'Flatbed', 'ADF-Duplex']))
    .addOption(new Option('--resolution <dpi>', t('scan.help.resolution')).argParser(dpi))
    .addOption(new Option('--mode <mode>', t('scan.help.mode')).choices(['Color', 'Gray', 'Lineart']))
    .addOption(new Option('--split <how>', t('scan.help.split')).choices(['barcode']))
    .option('--list', t('scan.help.list'))
    .addHelpText(
      'after',
      `
${t('scan.help.exitCodes')}

${t('pipeline.help.examples')}
  $ sohoa scan --list
  $ sohoa scan --inbox /srv/scans/inbox --unit 29236 --split barcode
  $ sohoa scan --inbox /srv/scans/inbox --unit 29236 --dossier 29236-2022-0000152 --part ket-qua --source Flatbed
  $ sohoa scan separators 29236-2022-0000152 29236-2022-0000153 --out separators.pdf`,
    );
  define(scan, (ctx, _args, opts) => (opts.list ? listDevices() : scanStack(ctx, opts)), {
    config: (opts) => ({
      scan: Object.fromEntries(
        Object.entries({ device: opts.device, source: opts.source, resolution: opts.resolution, mode: opts.mode }).filter(([, v]) => v !== undefined),
      ),
    }),
  });
  registerScanTools(scan, define);
}

async function listDevices(): Promise<CommandOutput> {
  const { SaneScanner } = await import('../../adapters/scanner/sane.js');
  const devices = await new SaneScanner().list();
  const text = devices.length
    ? formatTable([t('scan.colDevice'), t('scan.colVendor'), t('scan.colModel'), t('scan.colType')], devices.map((d) => [d.name, d.vendor, d.model, d.type]))
    : t('scan.noScanners');
  return { data: devices, text };
}

async function scanStack(ctx: CliContext, opts: Opts): Promise<CommandOutput> {
  const inbox = inboxOf(ctx, opts);
  if (!opts.unit) throw new UsageError('Expected --unit CODE: the unit (GSO code) the dossiers were received at', { hint: 'Example: sohoa scan --unit 29236 --split barcode', key: 'scan.needUnit', hintKey: 'scan.needUnitHint' });
  const { scanToInbox } = await import('../../stages/scan/index.js');
  const { SaneScanner } = await import('../../adapters/scanner/sane.js');
  const res = await scanToInbox(new SaneScanner(), {
    inbox,
    unit: String(opts.unit),
    dossier: opts.dossier as string | undefined,
    part: opts.part as 'ho-so' | 'ket-qua',
    split: opts.split === 'barcode',
    config: ctx.config.scan,
    workDir: path.join(ctx.config.workspace, 'scan'),
    signal: ctx.signal,
  });
  const text = renderScan(res, opts);
  if (res.error) {
    const e = res.error;
    const kept = res.scanned ? ` ${res.scanned} page(s) scanned before it were filed (batch ${res.batch}).` : '';
    ctx.log.info(text);
    // The fault in the run language, with what was kept; the English message stays for --json.
    const keyed = res.scanned ? { key: 'scan.kept' as const, params: { message: say(e), scanned: res.scanned, batch: res.batch } } : { key: e.key, params: e.params };
    throw new ScannerError(e.reason, `${e.message}.${kept}`, { hint: e.hint, hintKey: e.hintKey, hintParams: e.hintParams, cause: e, ...keyed });
  }
  return { data: { ...res, error: undefined }, text };
}

function renderScan(r: ScanResult, opts: Opts): string {
  const u = r.used;
  const lines = [t('scan.scanned', { scanned: r.scanned, device: u.device ? t('scan.fromDevice', { device: u.device }) : '', source: u.source, mode: u.mode, resolution: u.resolution, batch: r.batch })];
  const counts = new Map<string, number>();
  for (const f of r.filed) counts.set(`${f.dossier}/${f.part}`, (counts.get(`${f.dossier}/${f.part}`) ?? 0) + 1);
  for (const [k, n] of counts) lines.push(t('scan.count', { dossier: k, n }));
  if (r.held.length) {
    const command = `sohoa scan assign ${r.held.map((h) => path.basename(h.file)).join(' ')} --dossier CODE${opts.inbox ? ` --inbox ${opts.inbox}` : ''}`;
    lines.push(t('scan.held', { n: r.held.length, command }));
  }
  const why = (w: string) => r.dropped.filter((d) => d.why === w).map((d) => d.page);
  for (const [w, key] of [['separator', 'scan.dropped.separator'], ['result-marker', 'scan.dropped.resultMarker'], ['blank-backside', 'scan.dropped.blankBackside']] as const) {
    const pages = why(w);
    if (pages.length) lines.push(t(key, { n: pages.length, pages: pages.join(', ') }));
  }
  return lines.join('\n');
}
