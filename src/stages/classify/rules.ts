import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import { allowedEdits, compilePattern, fuzzyFind, type FuzzyPattern } from './fuzzy.js';
import type { Layout } from './layout.js';
import { compact, foldAligned, foldText } from './normalize.js';
import { TYPE_ID_PATTERN, type TypeInfo } from './type-id.js';

/**
 * Rules: phrases with weights per document type, matched fuzzily on folded text. A phrase
 * counts more in the title zone; `zone: "title"` phrases count only there (so "quyết định"
 * quoted in the body of a letter does not make it a decision).
 */
const phraseSchema = z
  .object({
    text: z.string().min(2),
    weight: z.number().positive().default(1),
    zone: z.enum(['any', 'title']).default('any'),
  })
  .strict();

const typeSchema = z
  .object({
    id: z.string().regex(TYPE_ID_PATTERN, 'a type id is lower-case words joined by hyphens, e.g. "giay-bao-tu"'),
    name: z.string().min(1).optional(),
    nameEn: z.string().optional(),
    /** Decree 30 Annex III abbreviation as printed in the number line ("TB" in "Số: 542/TB-UBND"). */
    abbr: z.string().min(1).max(6).optional(),
    /** administrative (Decree 30 Art. 7), dossier-component, invoice, other. */
    group: z.enum(['administrative', 'dossier-component', 'invoice', 'other']).optional(),
    /** Position in Decree 30 Art. 7's list. */
    decree30: z.number().int().positive().optional(),
    /** Former ids of this type: catalogs and models that still use them read as this type. */
    aliases: z.array(z.string().regex(TYPE_ID_PATTERN)).default([]),
    phrases: z.array(phraseSchema).default([]),
    /** Regular expressions over the folded text (no diacritics, lower case); `title` ones only over the title zone. */
    patterns: z
      .array(z.object({ regex: z.string(), weight: z.number().positive().default(1), zone: z.enum(['any', 'title']).default('any') }).strict())
      .default([]),
  })
  .strict();

export const rulesFileSchema = z.object({ version: z.literal(1), types: z.array(typeSchema) }).strict();
export type RulesFile = z.infer<typeof rulesFileSchema>;

const MAX_PHRASE = 32;

export interface CompiledPhrase {
  compact: string;
  pattern: FuzzyPattern;
  weight: number;
  zone: 'any' | 'title';
  maxEdits: number;
}

export interface CompiledType extends TypeInfo {
  phrases: CompiledPhrase[];
  patterns: Array<{ re: RegExp; weight: number; zone: 'any' | 'title' }>;
}

/** The rules file shipped with the package: next to this module in src, or in the package's src from dist. */
export function defaultRulesPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'rules', 'default.json'), path.resolve(here, '../../../src/stages/classify/rules/default.json')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new ConfigError(`Cannot find the default classification rules; looked in ${candidates.join(' and ')}`, { hint: 'Reinstall sohoa: the package ships src/stages/classify/rules/.' });
  return found;
}

export function readRulesFile(file: string): RulesFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Cannot read rules file ${file}: ${(err as Error).message}`, {
      file,
      hint: 'classify.rules must name a JSON file like src/stages/classify/rules/default.json.',
      key: 'classify.cannotReadRules',
      params: { file, detail: (err as Error).message },
      hintKey: 'classify.cannotReadRulesHint',
    });
  }
  const res = rulesFileSchema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    throw new ConfigError(`Expected a rules file (version 1) in ${file}, got a bad value at ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      file,
      key: 'classify.badRules',
      params: { file, path: issue.path.join('.') || '(root)', detail: issue.message },
    });
  }
  return res.data;
}

/** The naming part of a rules-file type (no phrases or patterns). */
export function typeInfoOf(t: RulesFile['types'][number]): TypeInfo {
  return {
    id: t.id,
    name: t.name ?? t.id,
    ...(t.nameEn ? { nameEn: t.nameEn } : {}),
    ...(t.abbr ? { abbr: t.abbr } : {}),
    ...(t.group ? { group: t.group } : {}),
    aliases: [...t.aliases],
  };
}

/** Default rules, extended by the user's: a known id gains phrases, a new id is a new type. */
export function compileRules(files: RulesFile[]): CompiledType[] {
  const byId = new Map<string, CompiledType>();
  for (const file of files) {
    for (const t of file.types) {
      const prev = byId.get(t.id);
      // A later file overrides the names it gives and adds aliases, phrases and patterns.
      const cur: CompiledType = prev ? Object.assign(prev, typeInfoOf(t), { name: t.name ?? prev.name, aliases: [...prev.aliases, ...t.aliases] }) : { ...typeInfoOf(t), phrases: [], patterns: [] };
      for (const p of t.phrases) {
        // 32 characters fit the bit-parallel matcher and are specific enough for any phrase.
        const c = compact(foldText(p.text)).slice(0, MAX_PHRASE);
        if (c.length < 3) continue;
        cur.phrases.push({ compact: c, pattern: compilePattern(c), weight: p.weight, zone: p.zone, maxEdits: allowedEdits(c.length) });
      }
      for (const p of t.patterns) {
        try {
          cur.patterns.push({ re: new RegExp(p.regex, 'm'), weight: p.weight, zone: p.zone });
        } catch (err) {
          throw new ConfigError(`Bad regex for type ${t.id}: ${(err as Error).message}`, { key: 'rules.badRegex', params: { type: t.id, detail: (err as Error).message } });
        }
      }
      byId.set(t.id, cur);
    }
  }
  return [...byId.values()];
}

export function loadRules(extraFile?: string): CompiledType[] {
  const files = [readRulesFile(defaultRulesPath())];
  if (extraFile) files.push(readRulesFile(extraFile));
  return compileRules(files);
}

/** How much a match counts, by where it is. */
const ZONE_FACTOR = { headingStart: 4, heading: 2.5, top: 1.5, body: 1 } as const;
/** Body evidence is capped so that a long document cannot outvote its own title. */
const BODY_CAP = 4;

interface PreparedText {
  headings: string[];
  top: string;
  body: string;
  folded: string;
  topFolded: string;
}

export function prepareText(layout: Layout): PreparedText {
  return {
    headings: layout.headings.map((h) => compact(foldText(h))),
    top: compact(foldText(layout.top.join(' '))),
    body: compact(foldText(layout.lines.join(' '))),
    folded: foldAligned(layout.lines.join('\n')).folded,
    topFolded: foldAligned(layout.top.join('\n')).folded,
  };
}

function similarity(distance: number, length: number): number {
  return 1 - distance / Math.max(4, length);
}

interface HeadingHit {
  type: number;
  phrase: number;
  heading: number;
  start: number;
  end: number;
  distance: number;
  length: number;
}

/**
 * Fuzzy matches in the headings, minus those explained better by another type's phrase at
 * the same place: "HỢP ĐỒNG" is one edit from "hóa đơn", but the exact "hợp đồng" wins there.
 */
function headingHits(types: CompiledType[], headings: string[]): HeadingHit[] {
  const hits: HeadingHit[] = [];
  types.forEach((t, ti) =>
    t.phrases.forEach((p, pi) =>
      headings.forEach((h, hi) => {
        const hit = fuzzyFind(p.pattern, h, p.maxEdits);
        if (hit) hits.push({ type: ti, phrase: pi, heading: hi, start: Math.max(0, hit.end - p.compact.length), end: hit.end, distance: hit.distance, length: p.compact.length });
      }),
    ),
  );
  return hits.filter(
    (b) =>
      !hits.some(
        (a) => a.type !== b.type && a.heading === b.heading && a.distance < b.distance && a.length >= 0.8 * b.length && a.start < b.end && b.start < a.end,
      ),
  );
}

/** Rule score of every type (0 when nothing matched). */
export function scoreRules(types: CompiledType[], text: PreparedText): Map<string, number> {
  const best = types.map((t) => t.phrases.map(() => 0));
  for (const h of headingHits(types, text.headings)) {
    const p = types[h.type]!.phrases[h.phrase]!;
    const atStart = h.end <= p.compact.length + p.maxEdits + 1;
    const f = (atStart ? ZONE_FACTOR.headingStart : ZONE_FACTOR.heading) * similarity(h.distance, p.compact.length);
    best[h.type]![h.phrase] = Math.max(best[h.type]![h.phrase]!, f);
  }
  const scores = new Map<string, number>();
  types.forEach((t, ti) => {
    let title = 0;
    let body = 0;
    t.phrases.forEach((p, pi) => {
      let b = best[ti]![pi]!;
      if (b < ZONE_FACTOR.top) {
        const hit = fuzzyFind(p.pattern, text.top, p.maxEdits);
        if (hit) b = Math.max(b, ZONE_FACTOR.top * similarity(hit.distance, p.compact.length));
      }
      if (b > 0) {
        title += p.weight * b;
        return;
      }
      if (p.zone === 'title') return;
      const hit = fuzzyFind(p.pattern, text.body, p.maxEdits);
      if (hit) body += p.weight * ZONE_FACTOR.body * similarity(hit.distance, p.compact.length);
    });
    for (const p of t.patterns) {
      if (p.zone === 'title') title += p.re.test(text.topFolded) ? p.weight * ZONE_FACTOR.top : 0;
      else if (p.re.test(text.folded)) body += p.weight;
    }
    scores.set(t.id, title + Math.min(BODY_CAP, body));
  });
  return scores;
}
