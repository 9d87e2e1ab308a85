/**
 * Document-type classification and record metadata (Decree 30/2020 Annex VI).
 *
 *   const classifier = loadClassifier(config.classify);
 *   const result = classifier.classify(text, { pageTexts, pages });
 *   catalog.classifications.record(documentId, result);
 */
export { createClassifier, loadClassifier } from './classifier.js';
export type { Alternative, Classification, ClassifyOptions, Classifier } from './classifier.js';
export type { DocumentMetadata, Found } from './metadata.js';
export { extractMetadata, detectLanguage } from './metadata.js';
export { extractIssuedDate } from './metadata-date.js';
export { extractCode, extractOrganName, extractSubject } from './metadata-header.js';
export { loadModel, saveModel, trainModel, NaiveBayesModel, MODEL_FORMAT } from './model.js';
export type { TrainingExample } from './model.js';
export { loadRules, compileRules, readRulesFile, defaultRulesPath, rulesFileSchema } from './rules.js';
export type { RulesFile } from './rules.js';
export { BUILTIN_TYPES, OTHER_TYPE } from './taxonomy.js';
export { createTextOf, readPdfText, readTextFile, IMAGE_EXTENSIONS } from './text-of.js';
export type { DocumentText, TextOf } from './text-of.js';
export { readTrainingDir } from './training-data.js';
export { foldText } from './normalize.js';
export { classifyAndRecord } from './record.js';
export type { ClassifiedDocument } from './record.js';
export { describeClassification } from './describe.js';
export { BUILTIN_TYPES as TYPES, canonicalTypeId } from './taxonomy.js';
export type { TypeInfo } from './taxonomy.js';
export { judgeTextLayer } from './text-layer.js';
export type { TextLayerVerdict } from './text-layer.js';
export { readSigners, readInputSigners, parseSignatureStamp } from './signers.js';
export type { SignerInfo, SignatureStamp } from './signers.js';
export { pipelineEvidence } from './pipeline-evidence.js';
export { readPage } from './reading.js';
export type { Reading, MetadataEvidence } from './document-metadata.js';
