import type { Classification } from './classifier.js';
import type { DocumentMetadata } from './metadata.js';

/** Labels for the Annex VI fields, in the order archivists read them. */
type FoundKey = 'codeNumber' | 'codeNotation' | 'issuedDate' | 'organName' | 'organParent' | 'subject' | 'typeName' | 'pageAmount' | 'language';
const FIELDS: Array<[FoundKey, string]> = [
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
    if (f) lines.push(`  ${name.padEnd(13)}${String(f.value)}  (${pct(f.confidence)}${f.source && f.source !== 'printed' ? `, from ${f.source}` : ''}${f.partial ? ', month only' : ''})`);
  }
  for (const s of c.metadata.signers ?? []) lines.push(`  Signed by    ${s.commonName ?? s.organization ?? '?'}${s.signingTime ? ` at ${s.signingTime}` : ''}`);
  if (c.metadata.textSource) lines.push(`  Text         ${c.metadata.textSource.used}${c.metadata.textSource.textLayer ? ` (text layer ${c.metadata.textSource.textLayer})` : ''}`);
  if (c.reviewReasons.length) lines.push(`  Review       ${c.reviewReasons.join(', ')}`);
  if (c.notes?.length) lines.push(`  Notes        ${c.notes.join(', ')}`);
  return lines;
}
