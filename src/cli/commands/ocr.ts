import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Define, Opts } from '../main.js';
import { ExitCode, InputRejectedError, UsageError } from '../../errors.js';
import { say, t } from '../../i18n/index.js';

/** --ocr-lang, --min-dpi, --force-ocr: flags that are also `ocr.*` config keys (--lang is the global output language). */
export function addOcrOptions(cmd: Command): Command {
  return cmd
    .option('--ocr-lang <langs>', t('ocr.help.ocrLang'))
    .addOption(new Option('--min-dpi <dpi>', t('ocr.help.minDpi')).argParser(positiveNumber('--min-dpi')))
    .option('--force-ocr', t('ocr.help.forceOcr'));
}

export function ocrConfigFromFlags(opts: Opts): Record<string, unknown> {
  return { ocr: { lang: opts.ocrLang, minDpi: opts.minDpi, forceOcr: opts.forceOcr === true ? true : undefined } };
}

function positiveNumber(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`Expected a positive number for ${name}, got "${v}"`, { key: 'pipeline.positive', params: { name, value: v } });
    return n;
  };
}

interface FileResult {
  file: string;
  status: 'done' | 'rejected';
  pdf?: string;
  txt?: string;
  pages?: number;
  confidence?: number;
  reason?: string;
  message?: string;
}

/** `<name>.pdf`, with `-2`, `-3` … when two inputs share a name. */
function outputStem(file: string, used: Set<string>): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '') || 'document';
  let stem = base;
  for (let i = 2; used.has(stem); i++) stem = `${base}-${i}`;
  used.add(stem);
  return stem;
}

export function registerOcr(program: Command, define: Define): void {
  define(
    addOcrOptions(
      program
        .command('ocr')
        .argument('<files...>', t('ocr.help.files'))
        .requiredOption('--out <dir>', t('ocr.help.out')),
    )
      .description(t('ocr.help.desc'))
      .addHelpText('after', `\n${t('pipeline.help.example')}\n  $ sohoa ocr scan1.jpg hop-dong.tif --out ./searchable --concurrency 2`),
    async (ctx, files, opts) => {
      const outDir = path.resolve(opts.out as string);
      await fsp.mkdir(outDir, { recursive: true });
      const tmpRoot = path.join(os.tmpdir(), `sohoa-ocr-${process.pid}-${randomBytes(4).toString('hex')}`);
      // Loaded on use, so that other commands start fast.
      const { createOcrEngine } = await import('../../adapters/tesseract/engine.js');
      const { digitizeDocument } = await import('../../stages/ocr/index.js');
      const pool = await createOcrEngine(ctx.config.ocr, ctx.cpuConcurrency());
      // One more document in flight than workers, so preprocessing overlaps OCR.
      const { default: PQueue } = await import('p-queue');
      const queue = new PQueue({ concurrency: pool.size + 1 });
      const used = new Set<string>();
      const results: FileResult[] = [];
      // The rejection in the run language; `results` keep the English message for --json.
      const said = new Map<number, string>();
      try {
        await Promise.all(
          files.map((file, i) => {
            const stem = outputStem(file, used);
            return queue.add(async () => {
              if (ctx.signal.aborted) return;
              try {
                const r = await digitizeDocument([file], path.join(tmpRoot, String(i)), pool, {
                  minDpi: ctx.config.ocr.minDpi,
                  forceOcr: ctx.config.ocr.forceOcr,
                  signal: ctx.signal,
                  outPdf: path.join(outDir, `${stem}.pdf`),
                  outTxt: path.join(outDir, `${stem}.txt`),
                  meta: { title: stem },
                });
                const ocred = r.ocr.filter((o) => o.source !== 'blank');
                const confidence = ocred.length ? Math.round(ocred.reduce((s, o) => s + o.confidence, 0) / ocred.length) : 0;
                results[i] = { file, status: 'done', pdf: r.pdf.pdfPath, txt: r.pdf.txtPath, pages: r.pdf.pageCount, confidence };
                ctx.log.info(t('ocr.doneLog', { file, pages: r.pdf.pageCount, confidence, pdf: r.pdf.pdfPath }));
              } catch (err) {
                if (!(err instanceof InputRejectedError)) throw err;
                results[i] = { file, status: 'rejected', reason: err.reason, message: err.message };
                const hint = err.hintKey ? t(err.hintKey, err.hintParams) : err.hint;
                ctx.log.warn(t('ocr.rejectedLog', { file, reason: err.reason, message: say(err), hint: hint ? ` — ${hint}` : '' }));
                said.set(i, say(err));
              } finally {
                await fsp.rm(path.join(tmpRoot, String(i)), { recursive: true, force: true });
              }
            });
          }),
        );
      } finally {
        await pool.terminate();
        await fsp.rm(tmpRoot, { recursive: true, force: true });
      }
      const done = results.filter((r) => r?.status === 'done');
      const rejected = results.filter((r) => r?.status === 'rejected');
      const lines = results.flatMap((r, i) =>
        !r ? [] : r.status === 'done' ? [t('ocr.okLine', { file: r.file, pdf: r.pdf, pages: r.pages, confidence: r.confidence })] : [t('ocr.rejectedLine', { file: r.file, message: said.get(i) ?? r.message })],
      );
      lines.push(t('ocr.total', { done: done.length, rejected: rejected.length }));
      return {
        data: { results: results.filter(Boolean), done: done.length, rejected: rejected.length },
        text: lines.join('\n'),
        exitCode: rejected.length ? ExitCode.Rejected : ExitCode.Ok,
      };
    },
    { config: ocrConfigFromFlags },
  );
}
