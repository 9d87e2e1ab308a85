import { allowedEdits, editDistance } from './fuzzy.js';
import type { Layout } from './layout.js';
import { findNumberLine, typesForAbbr } from './notation.js';
import { compact, foldText, isUpperLine } from './normalize.js';
import type { CompiledType } from './rules.js';

/**
 * Typing from the number line and the title line, the two strongest signs Decree 30 prints.
 * "Số: 542/TB-UBND" names a Thông báo; "Số: 507/UBND-KGVX" (an agency code first, no type
 * abbreviation) is a công văn. Some agency codes look like abbreviations ("2191/CT-CS" is a
 * công văn of the Cục Thuế, not a Chỉ thị), so the abbreviation is weighed against the title
 * line ("CHỈ THỊ") and the "V/v" subject line that only a công văn carries.
 */
export interface NotationEvidence {
  /** Score points to add per type (the rules give about 12 for a clear title). */
  bonus: Map<string, number>;
  reasons: string[];
  head?: string;
}

const AGREE = 10;
const NOTATION_ALONE = 8;
const ORGAN_LED = 6;
const VV = /^(v\s*[/\\l1i|]\s*v\b|ve viec\b)/;

/** Types whose name a title line spells (fuzzily; OCR mangles headings). */
export function titleTypes(lines: string[], types: CompiledType[]): Set<string> {
  const out = new Set<string>();
  for (const line of lines) {
    if (!isUpperLine(line)) continue;
    const c = compact(foldText(line));
    for (const t of types) {
      if (t.group !== 'administrative' && t.group !== 'invoice') continue;
      const name = compact(foldText(t.name));
      // The title is the whole line, or the line starts with it ("QUYẾT ĐỊNH" / "THÔNG BÁO KẾT LUẬN").
      if (c.length > name.length + 40) continue;
      const d = editDistance(name, c.slice(0, name.length));
      if (d <= Math.min(1, allowedEdits(name.length))) out.add(t.id);
    }
  }
  return out;
}

export function notationEvidence(readings: string[][], layout: Layout, types: CompiledType[]): NotationEvidence {
  const bonus = new Map<string, number>();
  const reasons: string[] = [];
  const abbreviations = types.flatMap((t) => (t.abbr ? [t.abbr] : []));
  const nl = readings.map((lines) => findNumberLine(lines, 16, abbreviations)).find((n) => n?.head);
  const top = [...new Set([...layout.headings, ...readings.flatMap((r) => r.slice(0, 24))])];
  const titles = titleTypes(top, types);
  // A title line that is also a notation's organ line ("UBND TỈNH …") never names a type.
  const hasVv = readings.some((r) => r.slice(0, 24).some((l) => VV.test(foldText(l))));
  if (!nl?.head) return { bonus, reasons };
  const candidates = typesForAbbr(nl.head, types);
  const add = (id: string, n: number) => bonus.set(id, (bonus.get(id) ?? 0) + n);
  if (candidates.length === 0) {
    // Agency code first: a công văn, unless the page is titled as something else.
    if (titles.size === 0 || hasVv) add('cong-van', ORGAN_LED);
    return { bonus, reasons, head: nl.head };
  }
  const agreeing = candidates.filter((id) => titles.has(id));
  if (agreeing.length) for (const id of agreeing) add(id, AGREE);
  else if (titles.size === 0 && hasVv) {
    // "CT-CS": an agency code that happens to spell an abbreviation, on a letter with a V/v line.
    add('cong-van', ORGAN_LED);
    for (const id of candidates) add(id, 2);
  } else if (titles.size > 0) {
    for (const id of candidates) add(id, 3);
    reasons.push('type:notation-title-disagree');
  } else for (const id of candidates) add(id, NOTATION_ALONE / candidates.length);
  return { bonus, reasons, head: nl.head };
}
