import type { ClassificationStore, StoredClassification } from '../../ports/classification-catalog.js';
import type { Classification, Classifier } from './classifier.js';

export interface ClassifiedDocument {
  classification: Classification;
  /** What the catalog now holds: a reviewer's earlier decision stays in force. */
  stored: StoredClassification;
}

/**
 * The pipeline's classify step for one catalog document: classify its OCR page texts and
 * record the result (doc_type, type_confidence, needs_review, metadata) on the document.
 */
export function classifyAndRecord(classifier: Classifier, store: ClassificationStore, documentId: number, pageTexts: string[]): ClassifiedDocument {
  const classification = classifier.classify(pageTexts.join('\f'), { pageTexts, pages: pageTexts.length });
  const stored = store.record(documentId, classification);
  return { classification, stored };
}
