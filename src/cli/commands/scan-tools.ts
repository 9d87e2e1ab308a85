import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Define, Opts } from '../main.js';
import { UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { t } from '../../i18n/index.js';

/** The inbox: --inbox, else scan.inbox from the config. */
export function inboxOf(ctx: CliContext, opts: Opts): string {
  const inbox = (opts.inbox as string | undefined) ?? ctx.config.scan.inbox;
  if (!inbox) throw new UsageError('Expected an inbox: pass --inbox DIR or set scan.inbox in the config', { hint: 'Example: sohoa scan --inbox /srv/scans/inbox --unit 29236 --split barcode', key: 'scan.needInbox', hintKey: 'scan.needInboxHint' });
  return path.resolve(inbox);
}

/** `sohoa scan separators`, `scan unassigned`, `scan assign`: the desk's helpers around scanning. */
export function registerScanTools(scan: Command, define: Define): void {
  define(
    scan
      .command('separators')
      .argument('[codes...]', t('scan.help.codes'))
      .requiredOption('--out <file>', t('scan.help.separatorsOut'))
      .addOption(new Option('--symbology <kind>', t('scan.help.symbology')).choices(['code128', 'qrcode', 'both']).default('both'))
      .option('--result-marker', t('scan.help.resultMarker'))
      .description(t('scan.help.separators'))
      .addHelpText('after', `\n${t('pipeline.help.example')}\n  $ sohoa scan separators 29236-2022-0000152 29236-2022-0000153 --result-marker --out separators.pdf`),
    async (ctx, codes, opts) => {
      const { separatorSheetsPdf } = await import('../../stages/scan/separators.js');
      const { dossierCodeIn, splitRules } = await import('../../stages/scan/split.js');
      const { writeFileAtomic } = await import('../../util/fs.js');
      const cfg = ctx.config.scan;
      if (codes.length === 0 && !opts.resultMarker) throw new UsageError('Expected at least one dossier code, or --result-marker', { key: 'scan.needCode' });
      const rules = splitRules(cfg);
      // A sheet whose code the splitter would not take as a dossier would silently merge two dossiers.
      for (const c of codes) {
        if (dossierCodeIn(c, rules) !== c || c === rules.resultMarker) {
          throw new UsageError(`Expected a dossier code matching scan.dossierPattern (${cfg.dossierPattern}), got "${c}"`, {
            hint: 'Check the code, or set scan.dossierPattern to the codes your one-stop system prints.',
            key: 'scan.badCode',
            params: { pattern: cfg.dossierPattern, code: c },
            hintKey: 'scan.badCodeHint',
          });
        }
      }
      const sheets = [
        ...codes.map((c) => ({ text: c, caption: 'To phan cach ho so / dossier separator' })),
        ...(opts.resultMarker ? [{ text: cfg.resultMarker, caption: 'Ket qua giai quyet / result follows' }] : []),
      ];
      const out = path.resolve(String(opts.out));
      await writeFileAtomic(out, await separatorSheetsPdf(sheets, opts.symbology as 'code128' | 'qrcode' | 'both'));
      return { data: { out, sheets: sheets.map((s) => s.text) }, text: t('scan.wroteSheets', { n: sheets.length, out }) };
    },
  );

  define(
    scan
      .command('unassigned')
      .description(t('scan.help.unassigned'))
      .addHelpText('after', `\n${t('pipeline.help.example')}\n  $ sohoa scan unassigned --inbox /srv/scans/inbox`),
    async (ctx) => {
      const { listUnassigned } = await import('../../stages/scan/assign.js');
      const opts = scan.opts();
      const held = await listUnassigned(inboxOf(ctx, opts), opts.unit as string | undefined);
      return { data: held, text: held.length ? held.map((h) => `${h.unit}  ${path.basename(h.file)}`).join('\n') : t('scan.noneHeld') };
    },
  );

  define(
    scan
      .command('assign')
      .argument('<pages...>', t('scan.help.pages'))
      .description(t('scan.help.assign'))
      .addHelpText('after', `\n${t('pipeline.help.example')}\n  $ sohoa scan assign scan-20261203-071500-1a2b_p0001.png --dossier 29236-2022-0000152 --inbox /srv/scans/inbox`),
    async (ctx, pages) => {
      const { assignPages } = await import('../../stages/scan/assign.js');
      // --dossier, --part and --inbox are scan's own options: commander gives them to `scan` wherever they are written.
      const opts = scan.opts();
      if (!opts.dossier) throw new UsageError('Expected --dossier CODE: the dossier the pages belong to', { hint: 'Example: sohoa scan assign PAGE --dossier 29236-2022-0000152', key: 'scan.needDossier', hintKey: 'scan.needDossierHint' });
      const r = await assignPages(inboxOf(ctx, opts), pages, String(opts.dossier), opts.part as 'ho-so' | 'ket-qua');
      return { data: r, text: r.moved.map((m) => t('scan.assigned', { page: path.basename(m.from), to: m.to })).join('\n') };
    },
  );
}
