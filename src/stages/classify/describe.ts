import type { Classification } from './classifier.js';
import type { DocumentMetadata } from './metadata.js';

/** Labels for the Annex VI fields, in the order archivists read them. */
const FIELDS: Array<[keyof DocumentMetadata, string]> = [
  ['codeNumber', 'CodeNumber'],
  ['codeNotation', 'CodeNotation'],
  ['issuedDate', 'IssuedDate'],
  ['organName', 'OrganName'],
  ['organParent', '  under'],
  ['subject', 'Subject'],
  ['typeName', 'TypeName'],
  ['pageAmount', 'PageAmount'],
  ['language', 'Language'],
];

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Human-readable lines for one classified file (the CLI prints them; stages never do). */
export function describeClassification(label: string, c: Classification): string[] {
  const lines = [`${label}: ${c.type} (${c.typeName}) ${pct(c.confidence)}${c.needsReview ? '  NEEDS REVIEW' : ''}`];
  const alts = c.alternatives.slice(1).map((a) => `${a.type} ${pct(a.confidence)}`);
  if (alts.length) lines.push(`  alternatives: ${alts.join(', ')}`);
  for (const [key, name] of FIELDS) {
    const f = c.metadata[key];
    if (f) lines.push(`  ${name.padEnd(13)}${String(f.value)}  (${pct(f.confidence)})`);
  }
  return lines;
}
