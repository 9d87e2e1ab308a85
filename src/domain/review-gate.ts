/**
 * The review gate: one rule for every reason a document must wait for a person before it is
 * signed and archived. Pure, so the pipeline, `review list` and the tests share it.
 */

export interface GateInput {
  /** The classifier's confidence in [0, 1]. */
  typeConfidence: number;
  /** The classifier's own verdict and reasons (e.g. unreadable metadata fields), if it gives them. */
  needsReview?: boolean;
  reviewReasons?: readonly string[];
  /** OCR confidence per page, 0–100 as tesseract gives it, and whether the page is blank. */
  pages: ReadonlyArray<{ pageNo: number; confidence: number; blank: boolean }>;
}

export interface GateThresholds {
  /** classify.reviewBelow, in [0, 1]. */
  typeBelow: number;
  /** ocr.reviewBelow, in [0, 1] (page confidence / 100). */
  ocrBelow: number;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** Why the document must go to review; empty when it may go on to signing. */
export function reviewReasons(g: GateInput, t: GateThresholds): string[] {
  const out: string[] = [];
  if (g.typeConfidence < t.typeBelow) out.push(`type-confidence ${r2(g.typeConfidence)} < ${t.typeBelow}`);
  const read = g.pages.filter((p) => !p.blank);
  if (g.pages.length > 0 && read.length === 0) out.push('all-pages-blank');
  for (const p of read) {
    const c = p.confidence / 100;
    if (c < t.ocrBelow) out.push(`ocr-confidence page ${p.pageNo}: ${r2(c)} < ${t.ocrBelow}`);
  }
  // The classifier's own low-confidence flag is the type-confidence rule above, judged here
  // against the configured threshold; its other reasons (unreadable required fields) stand.
  for (const r of g.reviewReasons ?? []) if (r !== 'type:low-confidence' && !out.includes(r)) out.push(r);
  // A classifier that says "needs review" without saying why for a reason other than the type
  // confidence (which is already judged above, against the configured threshold) still counts.
  if (g.needsReview && !(g.reviewReasons?.length) && out.length === 0 && g.typeConfidence >= t.typeBelow) {
    out.push('classifier-needs-review');
  }
  return out;
}
