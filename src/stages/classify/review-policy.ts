/**
 * Which of the classifier's findings hold a document for a person, and which are only noted.
 * A document is held when its type is uncertain, or when a field its type must carry is printed
 * but cannot be read: written or stamped in by hand after printing, left blank, or read too
 * weakly to trust. A citizen's đơn, tờ khai or căn cước has no number or issue date by nature,
 * and a field that is simply absent, or filled from the signature or the file name (with its
 * source recorded), is a note in the record, not a reason to stop the batch.
 */
export type RequiredField = 'number' | 'date';

/** Findings that say a printed field is there but unreadable, by field. */
const UNREADABLE: Readonly<Record<string, RequiredField>> = {
  'metadata:number-handwritten-or-stamped': 'number',
  'metadata:number-uncertain': 'number',
  'metadata:number-unreadable': 'number',
  'metadata:date-handwritten-or-stamped': 'date',
  'metadata:date-uncertain': 'date',
  'metadata:date-unreadable': 'date',
  'metadata:date-day-unreadable': 'date',
  'metadata:date-signature-mismatch': 'date',
  'metadata:date-after-signature': 'date',
};

/**
 * What a type must carry (Decree 30/2020 Art. 8 and Annex I): every administrative document a
 * number and notation and an issue date, except thư công, which has no number.
 */
export function requiredFields(typeId: string, group: string | undefined): RequiredField[] {
  if (group !== 'administrative') return [];
  return typeId === 'thu-cong' ? ['date'] : ['number', 'date'];
}

export function splitFindings(findings: readonly string[], required: readonly RequiredField[]): { hold: string[]; notes: string[] } {
  const hold: string[] = [];
  const notes: string[] = [];
  for (const f of new Set(findings)) {
    const field = UNREADABLE[f];
    const holds = f === 'type:low-confidence' || (field !== undefined && required.includes(field));
    (holds ? hold : notes).push(f);
  }
  return { hold, notes };
}
