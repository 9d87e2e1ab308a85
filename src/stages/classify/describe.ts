import type { Classification } from './classifier.js';
import type { DocumentMetadata } from './metadata.js';
import { t } from '../../i18n/index.js';

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

/** Human-readable lines for one classified file, in the run language (the CLI prints them; stages never do). Annex VI field names stay as the decree spells them. */
export function describeClassification(label: string, c: Classification): string[] {
  const lines = [`${label}: ${c.type} (${c.typeName}) ${pct(c.confidence)}${c.needsReview ? t('classify.needsReview') : ''}`];
  const alts = c.alternatives.slice(1).map((a) => `${a.type} ${pct(a.confidence)}`);
  if (alts.length) lines.push(t('classify.alternatives', { list: alts.join(', ') }));
  for (const [key, name] of FIELDS) {
    const f = c.metadata[key];
    if (f) lines.push(`  ${name.padEnd(13)}${String(f.value)}  (${pct(f.confidence)}${f.source && f.source !== 'printed' ? t('classify.from', { source: f.source }) : ''}${f.partial ? t('classify.monthOnly') : ''})`);
  }
  for (const s of c.metadata.signers ?? []) lines.push(t('classify.signedBy', { name: s.commonName ?? s.organization ?? '?', at: s.signingTime ? t('classify.signedAt', { time: s.signingTime }) : '' }));
  if (c.metadata.textSource) lines.push(t('classify.text', { used: c.metadata.textSource.used, layer: c.metadata.textSource.textLayer ? t('classify.textLayer', { state: c.metadata.textSource.textLayer }) : '' }));
  if (c.reviewReasons.length) lines.push(t('classify.review', { reasons: c.reviewReasons.join(', ') }));
  if (c.notes?.length) lines.push(t('classify.notes', { notes: c.notes.join(', ') }));
  return lines;
}
