import type { Config } from '../../config/schema.js';
import type { MetadataEvidence, Reading } from './document-metadata.js';
import { layoutOf } from './layout.js';
import { extractMetadata, type DocumentMetadata } from './metadata.js';
import { loadModel, softmax, type NaiveBayesModel } from './model.js';
import { textLines } from './reading.js';
import { loadRules, prepareText, scoreRules, type CompiledType } from './rules.js';
import { requiredFields, splitFindings } from './review-policy.js';
import { withoutPersonalName } from './signers.js';
import { OTHER_TYPE } from './taxonomy.js';
import { notationEvidence } from './typing.js';

export interface Alternative {
  type: string;
  confidence: number;
}

export interface Classification {
  type: string;
  /** Vietnamese name of the type (Annex VI TypeName). */
  typeName: string;
  /** Probability of `type`, in [0, 1]. */
  confidence: number;
  /** The three most likely types, best first (the first is `type`). */
  alternatives: Alternative[];
  /** A person should look at it: see `reviewReasons`. */
  needsReview: boolean;
  /** Why: "type:low-confidence", "metadata:number-unreadable", … (see review-policy.ts). */
  reviewReasons: string[];
  /** Findings that do not hold the document: "metadata:date-from-signature", "metadata:number-not-found", … */
  notes: string[];
  metadata: DocumentMetadata;
  /** What each layer said, for review screens and debugging. */
  votes: { rules: Alternative[]; model?: Alternative[] };
}

export interface ClassifyOptions {
  /** Number of pages (Annex VI PageAmount); defaults to pageTexts.length. */
  pages?: number;
  /** Text per page; page 1 is the title zone. Defaults to splitting `text` on form feeds. */
  pageTexts?: string[];
  /** Where the text came from; OCR text (the default) never yields a value at 0.9 or more on its own. */
  textSource?: 'text-layer' | 'ocr';
  /**
   * Evidence beyond the text: layout-aware readings of page 1 (text layer and/or OCR word
   * boxes), the input's file name, its e-signatures and signature stamp.
   */
  evidence?: Partial<Omit<MetadataEvidence, 'abbreviations'>> & { readings?: Reading[] };
  /** What became of the input's own text layer ("used", "none", "rejected: no-diacritics"), for the record. */
  textLayer?: string;
}

export interface Classifier {
  classify(text: string, opts?: ClassifyOptions): Classification;
  /** Every known type, built-in and from the user's rules file. */
  readonly types: ReadonlyArray<{ id: string; name: string; nameEn?: string; abbr?: string; group?: string; aliases: string[] }>;
  readonly minConfidence: number;
  readonly hasModel: boolean;
}

/** Softmax temperature of rule scores: a clear title match is worth about 6 points. */
const RULE_TEMPERATURE = 2;
/** "Nothing matched" is itself evidence for `khac`. */
const OTHER_BASELINE = 2;
const RULE_WEIGHT = 0.55;
const NOTATION_RULE_WEIGHT = 0.8;

function top(dist: Map<string, number>, n: number): Alternative[] {
  return [...dist.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([type, p]) => ({ type, confidence: Number(p.toFixed(3)) }));
}

export function createClassifier(rules: CompiledType[], model: NaiveBayesModel | undefined, minConfidence: number): Classifier {
  const names = new Map(rules.map((t) => [t.id, t.name]));
  const groups = new Map(rules.map((t) => [t.id, t.group]));
  const abbreviations = rules.flatMap((t) => (t.abbr ? [t.abbr] : []));
  // Types the model learned but no rule names (trained from the user's folders) count too.
  const ids = [...new Set([...rules.map((t) => t.id), ...(model?.classes ?? []), OTHER_TYPE])];
  return {
    types: rules.map((t) => ({ id: t.id, name: t.name, nameEn: t.nameEn, abbr: t.abbr, group: t.group, aliases: t.aliases })),
    minConfidence,
    hasModel: model !== undefined,
    classify(text, opts = {}) {
      const layout = layoutOf(text, opts.pageTexts);
      const firstPage = opts.pageTexts?.[0] ?? text.split('\f')[0] ?? '';
      const readings: Reading[] = opts.evidence?.readings?.length ? opts.evidence.readings : [{ source: opts.textSource ?? 'ocr', lines: textLines(firstPage) }];
      const scores = scoreRules(rules, prepareText(layout));
      scores.set(OTHER_TYPE, Math.max(OTHER_BASELINE, scores.get(OTHER_TYPE) ?? 0));
      // The number line's abbreviation, weighed against the title line (Decree 30 Annex III).
      const notation = notationEvidence(readings.map((r) => r.lines.map((l) => l.text)), layout, rules);
      for (const [id, bonus] of notation.bonus) scores.set(id, (scores.get(id) ?? 0) + bonus);
      const ruleDist = softmax(ids, ids.map((id) => (scores.get(id) ?? 0) / RULE_TEMPERATURE));
      let combined = ruleDist;
      let modelDist: Map<string, number> | undefined;
      if (model) {
        modelDist = model.predict(text, opts.pageTexts);
        // Types the model never saw (user types added after training) keep the rules' vote alone.
        // A printed notation is stronger evidence than any bag of n-grams: the model then counts less.
        const w = notation.bonus.size ? NOTATION_RULE_WEIGHT : RULE_WEIGHT;
        combined = new Map(
          ids.map((id) => {
            const r = ruleDist.get(id) ?? 0;
            const m = modelDist!.get(id);
            return [id, m === undefined ? r : w * r + (1 - w) * m];
          }),
        );
        const sum = [...combined.values()].reduce((a, b) => a + b, 0);
        for (const [k, v] of combined) combined.set(k, v / sum);
      }
      const alternatives = top(combined, 3);
      const best = alternatives[0]!;
      const pages = opts.pages ?? opts.pageTexts?.length;
      const typeName = names.get(best.type) ?? best.type;
      const meta = extractMetadata({
        text,
        typeName,
        typeConfidence: best.confidence,
        pages,
        evidence: { ...opts.evidence, readings, abbreviations },
      });
      if (opts.textSource || opts.textLayer) meta.metadata.textSource = { used: opts.textSource ?? 'text', ...(opts.textLayer ? { textLayer: opts.textLayer } : {}) };
      // Officials sign administrative documents in their public role; on anything else (a citizen's
      // e-signed application, say) a personal certificate's name is personal data.
      if (groups.get(best.type) !== 'administrative' && meta.metadata.signers) meta.metadata.signers = meta.metadata.signers.map(withoutPersonalName);
      const findings = [...(best.confidence < minConfidence ? ['type:low-confidence'] : []), ...notation.reasons, ...meta.reviewReasons];
      const { hold: reasons, notes } = splitFindings(findings, requiredFields(best.type, groups.get(best.type)));
      // Kept with the metadata too, so the catalog and the archive sidecar say why a person must
      // look, and what was noticed without holding the document.
      if (reasons.length) meta.metadata.reviewReasons = reasons;
      if (notes.length) meta.metadata.notes = notes;
      return {
        type: best.type,
        typeName,
        confidence: best.confidence,
        alternatives,
        needsReview: reasons.length > 0,
        reviewReasons: reasons,
        notes,
        metadata: meta.metadata,
        votes: { rules: top(ruleDist, 3), model: modelDist ? top(modelDist, 3) : undefined },
      };
    },
  };
}

/** Builds the classifier the config describes: shipped rules + classify.rules + classify.model. */
export function loadClassifier(cfg: Omit<Config['classify'], 'reviewBelow'> & { reviewBelow?: number }): Classifier {
  const rules = loadRules(cfg.rules);
  const model = cfg.model ? loadModel(cfg.model) : undefined;
  return createClassifier(rules, model, cfg.reviewBelow ?? cfg.minConfidence);
}
