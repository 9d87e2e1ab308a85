import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Define, Opts } from '../main.js';
import type { CliContext } from '../context.js';
import type { CommandOutput } from '../output.js';
import { ScannerError, UsageError } from '../../errors.js';
import { formatTable } from '../../report/text-table.js';
import type { ScanResult } from '../../stages/scan/index.js';
import { inboxOf, registerScanTools } from './scan-tools.js';

function dpi(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 200 || n > 1200) {
    throw new (class extends Error {
      code = 'commander.invalidArgument';
    })(`Expected a resolution of 200 to 1200 dpi for --resolution (Decree 30/2020 asks for 200 or more), got "${v}"`);
  }
  return n;
}

export function registerScan(program: Command, define: Define): void {
  const scan = program
    .command('scan')
    .description('scan paper through SANE straight into the inbox layout, optionally split by dossier barcodes')
    .option('--inbox <dir>', 'inbox to file pages into (default: scan.inbox in the config)')
    .option('--unit <code>', 'administrative unit (GSO code) the dossiers were received at')
    .option('--dossier <code>', 'dossier the pages belong to (with --split barcode: the pages before the first barcode)')
    .addOption(new Option('--part <part>', 'components (ho-so) or result (ket-qua)').choices(['ho-so', 'ket-qua']).default('ho-so'))
    .option('--device <name>', 'SANE device (see --list); default: scan.device, or the first scanner found')
    .addOption(new Option('--source <source>', 'paper source (default ADF)').choices(['ADF', 'Flatbed', 'ADF-Duplex']))
    .addOption(new Option('--resolution <dpi>', 'dpi, 200 or more (default 300)').argParser(dpi))
    .addOption(new Option('--mode <mode>', 'colour mode (default Color, as Decree 30/2020 asks)').choices(['Color', 'Gray', 'Lineart']))
    .addOption(new Option('--split <how>', 'split the stack into dossiers by their barcodes').choices(['barcode']))
    .option('--list', 'list the scanners SANE finds, and scan nothing')
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 usage, 3 scanimage not installed or bad config, 9 scanner error (no device, feeder
empty, paper jam, cover open, device busy: pages scanned before it are filed), 130 interrupted.

Examples:
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
    ? formatTable(['device', 'vendor', 'model', 'type'], devices.map((d) => [d.name, d.vendor, d.model, d.type]))
    : 'No scanners found. Check that the scanner is on and connected (sane-find-scanner, scanimage -L).';
  return { data: devices, text };
}

async function scanStack(ctx: CliContext, opts: Opts): Promise<CommandOutput> {
  const inbox = inboxOf(ctx, opts);
  if (!opts.unit) throw new UsageError('Expected --unit CODE: the unit (GSO code) the dossiers were received at', { hint: 'Example: sohoa scan --unit 29236 --split barcode' });
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
    const kept = res.scanned ? ` ${res.scanned} page(s) scanned before it were filed (batch ${res.batch}).` : '';
    ctx.log.info(text);
    throw new ScannerError(res.error.reason, `${res.error.message}.${kept}`, { hint: res.error.hint, cause: res.error });
  }
  return { data: { ...res, error: undefined }, text };
}

function renderScan(r: ScanResult, opts: Opts): string {
  const u = r.used;
  const lines = [`Scanned ${r.scanned} page(s)${u.device ? ` from ${u.device}` : ''} (${u.source}, ${u.mode}, ${u.resolution} dpi), batch ${r.batch}`];
  const counts = new Map<string, number>();
  for (const f of r.filed) counts.set(`${f.dossier}/${f.part}`, (counts.get(`${f.dossier}/${f.part}`) ?? 0) + 1);
  for (const [k, n] of counts) lines.push(`  ${k}: ${n} page(s)`);
  if (r.held.length) lines.push(`  ${r.held.length} page(s) before the first dossier barcode need a dossier: sohoa scan assign ${r.held.map((h) => path.basename(h.file)).join(' ')} --dossier CODE${opts.inbox ? ` --inbox ${opts.inbox}` : ''}`);
  const why = (w: string) => r.dropped.filter((d) => d.why === w).map((d) => d.page);
  for (const [w, label] of [['separator', 'separator sheet'], ['result-marker', 'result marker sheet'], ['blank-backside', 'blank backside']] as const) {
    const pages = why(w);
    if (pages.length) lines.push(`  dropped ${pages.length} ${label}(s): page(s) ${pages.join(', ')}`);
  }
  return lines.join('\n');
}
