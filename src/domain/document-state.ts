/**
 * A document's life in the catalog (`documents.stage`): each stage's result is committed only
 * after its files are durable, so a re-run resumes from the last completed stage.
 *
 * Work files live in `<workspace>/work/<document uid>/`:
 *   pages/page-0001.png (preprocessed image), pages/page-0001.json (OCR words and text),
 *   document.pdf + document.txt (searchable PDF and sidecar), signed.pdf, sidecar.json.
 */
export const STAGES = ['ingested', 'preprocessed', 'ocr', 'pdf', 'classified', 'signed', 'archived'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * pending: the next stage is still to run; done: all stages ran; rejected: bad input, see reason;
 * review: held after classification (not signed, not archived) until a person decides.
 * skipped: set aside by a person (`sohoa documents skip`), never processed until retried.
 */
export type DocumentStatus = 'pending' | 'done' | 'rejected' | 'review' | 'skipped';

export type DocumentPart = 'ho-so' | 'ket-qua';

export function nextStage(stage: Stage): Stage | undefined {
  const i = STAGES.indexOf(stage);
  return STAGES[i + 1];
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}
