import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Define, Opts } from '../main.js';
import type { CliContext } from '../context.js';
import { ExitCode, SohoaError, UsageError } from '../../errors.js';
import type { Classification, ClassifyOptions } from '../../stages/classify/classifier.js';
import type { TrainingExample } from '../../stages/classify/model.js';
import type { DocumentText, TextOf } from '../../stages/classify/text-of.js';
import type { readTrainingDir } from '../../stages/classify/training-data.js';
import { imageOcr, type ImageOcr } from './classify-ocr.js';
import { say, t } from '../../i18n/index.js';

function confidenceArg(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`Expected a number from 0 to 1 for --min-confidence, got "${v}"`, { key: 'classify.badConfidence', params: { value: v } });
  return n;
}

function classifyConfig(opts: Opts): Record<string, unknown> {
  return { classify: { reviewBelow: opts.minConfidence, model: opts.model, rules: opts.rules } };
}

interface FileResult {
  file: string;
  status: 'done' | 'rejected';
  pages?: number;
  source?: string;
  classification?: Classification;
  reason?: string;
  message?: string;
}

/** A rejection's message in the run language, beside the English one that --json keeps. */
const saidOf = new WeakMap<FileResult, string>();

async function classifyFiles(ctx: CliContext, files: string[], textOf: TextOf, ocr: ImageOcr) {
  const { loadClassifier } = await import('../../stages/classify/classifier.js');
  const classifier = loadClassifier(ctx.config.classify);
  // PDF reading (pdf.js, sharp, the signature parser) loads on use: `sohoa --help` skips it.
  const { classifyPdfInput } = await import('./classify-pdf.js');
  const results: FileResult[] = [];
  for (const file of files) {
    if (ctx.signal.aborted) break;
    try {
      const started = performance.now();
      let doc: DocumentText;
      let opts: ClassifyOptions = {};
      if (path.extname(file).toLowerCase() === '.pdf') ({ doc, opts } = await classifyPdfInput(file, ocr));
      else {
        doc = await textOf(file);
        opts = { pageTexts: doc.pageTexts, pages: doc.pages, evidence: { fileName: path.basename(file) } };
      }
      const c = classifier.classify(doc.text, opts);
      results.push({ file, status: 'done', pages: doc.pages, source: doc.source, classification: c });
      // Verbose output can quote the document (headings, subject): the logger masks personal data.
      ctx.log.debug(`classified ${file} as ${c.type} (${c.confidence}) in ${(performance.now() - started).toFixed(1)} ms`, {
        rules: c.votes.rules,
        model: c.votes.model,
        subject: c.metadata.subject?.value,
      });
    } catch (err) {
      if (!(err instanceof SohoaError) || err.exitCode !== ExitCode.Rejected) throw err;
      const reason = (err as SohoaError & { reason?: string }).reason ?? 'rejected';
      const r: FileResult = { file, status: 'rejected', reason, message: err.message };
      saidOf.set(r, say(err));
      results.push(r);
      const hint = err.hintKey ? t(err.hintKey, err.hintParams) : err.hint;
      ctx.log.warn(t('classify.rejectedLog', { file, message: say(err), hint: hint ? ` (${hint})` : '' }));
    }
  }
  return results;
}

async function trainAction(ctx: CliContext, dir: string, opts: Opts) {
  // The classifier stack (zod, the rules, the model) loads on use, so `--help` stays fast.
  const [{ readTrainingDir }, { createTextOf }, { saveModel, trainModel }] = await Promise.all([
    import('../../stages/classify/training-data.js'),
    import('../../stages/classify/text-of.js'),
    import('../../stages/classify/model.js'),
  ]);
  const ocr = imageOcr(ctx);
  let set: Awaited<ReturnType<typeof readTrainingDir>>;
  try {
    set = await readTrainingDir(dir, createTextOf({ ocr: ocr.textOf }));
  } finally {
    await ocr.close();
  }
  const examples: TrainingExample[] = [...set.examples];
  let fromReviews = 0;
  if (opts.includeReviews) {
    for (const r of ctx.catalog().classifications.reviewedTexts()) {
      examples.push({ type: r.type, text: r.pageTexts.join('\f'), pageTexts: r.pageTexts });
      fromReviews += 1;
    }
  }
  for (const s of set.skipped) ctx.log.warn(t('classify.skippedLog', { file: s.file, reason: s.reason }));
  const model = trainModel(examples);
  const out = path.resolve(opts.out as string);
  await saveModel(model, out);
  const perType: Record<string, number> = {};
  for (const e of examples) perType[e.type] = (perType[e.type] ?? 0) + 1;
  return {
    data: { model: out, examples: examples.length, fromReviews, perType, skipped: set.skipped, features: Object.keys(model.file.features).length },
    text:
      t('classify.trained', { examples: examples.length, types: Object.keys(perType).length, reviews: fromReviews ? t('classify.fromReviews', { n: fromReviews }) : '', out }) +
      '\n' +
      Object.entries(perType).map(([type, n]) => `  ${type.padEnd(22)}${n}`).join('\n') +
      '\n' +
      t('classify.useModel', { model: path.relative(process.cwd(), out) || out, out }),
    exitCode: set.skipped.length ? ExitCode.Rejected : ExitCode.Ok,
  };
}

export function registerClassify(program: Command, define: Define): void {
  const classify = program
    .command('classify')
    .argument('<files...>', t('classify.help.files'))
    .addOption(new Option('--min-confidence <n>', t('classify.help.minConfidence')).argParser(confidenceArg))
    .option('--model <file>', t('classify.help.model'))
    .option('--rules <file>', t('classify.help.rules'))
    .description(t('classify.help.desc'))
    .addHelpText(
      'after',
      `\n${t('pipeline.help.examples')}\n  $ sohoa classify scan-001.txt decision.pdf\n  $ sohoa classify --json --model model.json out/*.txt\n  $ sohoa classify train fixtures/classify/train --out model.json`,
    );

  define(
    classify,
    async (ctx, files) => {
      const [{ createTextOf }, { describeClassification }] = await Promise.all([import('../../stages/classify/text-of.js'), import('../../stages/classify/describe.js')]);
      const ocr = imageOcr(ctx);
      let results: FileResult[];
      try {
        results = await classifyFiles(ctx, files, createTextOf({ ocr: ocr.textOf }), ocr);
      } finally {
        await ocr.close();
      }
      const rejected = results.filter((r) => r.status === 'rejected');
      const text = results
        .flatMap((r) => (r.classification ? describeClassification(r.file, r.classification) : [t('classify.rejectedLine', { file: r.file, reason: r.reason, message: saidOf.get(r) ?? r.message })]))
        .join('\n');
      const review = results.filter((r) => r.classification?.needsReview).length;
      return {
        data: { results, minConfidence: ctx.config.classify.minConfidence },
        text: `${text}\n${t('classify.total', { classified: results.length - rejected.length, review, rejected: rejected.length })}`,
        exitCode: rejected.length ? ExitCode.Rejected : ExitCode.Ok,
      };
    },
    { config: classifyConfig },
  );

  define(
    classify.command('types').description(t('classify.help.types')),
    async (ctx) => {
      const [{ loadClassifier }, { BUILTIN_TYPES }] = await Promise.all([import('../../stages/classify/classifier.js'), import('../../stages/classify/taxonomy.js')]);
      const types = ctx.config.classify.rules ? loadClassifier(ctx.config.classify).types : BUILTIN_TYPES;
      return {
        data: { types },
        text: types
          .map((d) => `${d.id.padEnd(22)}${(d.abbr ?? '').padEnd(6)}${d.name.padEnd(36)}${(d.group ?? t('classify.custom')).padEnd(20)}${d.aliases.length ? t('classify.aliases', { aliases: d.aliases.join(', ') }) : ''}`)
          .join('\n'),
        exitCode: ExitCode.Ok,
      };
    },
    { config: classifyConfig },
  );

  define(
    classify
      .command('train')
      .argument('<dir>', t('classify.help.trainDir'))
      .requiredOption('--out <model>', t('classify.help.trainOut'))
      .option('--include-reviews', t('classify.help.includeReviews'))
      .description(t('classify.help.train'))
      .addHelpText('after', `\n${t('pipeline.help.example')}\n  $ sohoa classify train fixtures/classify/train --out .sohoa/classify-model.json --include-reviews`),
    async (ctx, [dir], opts) => trainAction(ctx, dir!, opts),
  );
}
