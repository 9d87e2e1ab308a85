/**
 * The one definition of "digitized". A dossier's components (or its result) count as digitized
 * when the one-stop system's export says so, or when sohoa itself digitized, signed and archived
 * them. Both the register import and the pipeline feed this, and every report reads it.
 */

export interface DigitizationFlags {
  componentsDigitized: boolean;
  resultDigitized: boolean;
  resolvedDate: string | null;
  sohoaComponents: boolean;
  sohoaResult: boolean;
}

export function componentsCount(d: DigitizationFlags): boolean {
  return d.componentsDigitized || d.sohoaComponents;
}

/** A result exists once the dossier is resolved, or once sohoa archived its result. */
export function resultIssued(d: DigitizationFlags): boolean {
  return d.resolvedDate !== null || d.sohoaResult;
}

export function resultCounts(d: DigitizationFlags): boolean {
  return resultIssued(d) && (d.resultDigitized || d.sohoaResult);
}

/**
 * A blank page (preprocessing found no ink on it) is not digitized content: a document counts
 * only when at least one of its pages is not blank, so a dossier whose only scan is a blank
 * sheet never counts as digitized.
 */
export function hasContent(pages: ReadonlyArray<{ blank: boolean }>): boolean {
  return pages.some((p) => !p.blank);
}

/** The same rules as SQL over the `dossiers` table (alias d), for aggregation at scale. */
export const SQL = {
  componentsDigitized: '(d.components_digitized = 1 OR d.sohoa_components = 1)',
  resultIssued: '(d.resolved_date IS NOT NULL OR d.sohoa_result = 1)',
  resultDigitized: '((d.resolved_date IS NOT NULL OR d.sohoa_result = 1) AND (d.result_digitized = 1 OR d.sohoa_result = 1))',
  signed: '(d.sohoa_signed = 1)',
  archived: '(d.sohoa_archived = 1)',
  /** hasContent() over the pages table (alias p). */
  pageHasContent: '(p.blank = 0)',
} as const;
