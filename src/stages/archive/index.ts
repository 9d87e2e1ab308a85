/** The archive stage: what the pipeline and the CLI use. */
export { openObjectStore, defaultArchiveUrl } from '../../adapters/store/index.js';
export { archiveDocument, type ArchiveDeps, type ArchiveInput, type ArchiveResult } from './archive-document.js';
export { archiveDocuments, createIoQueue, type ArchiveBatchResult, type ArchiveFailure, type ArchiveProgress } from './batch.js';
export { cleanupIncompleteUploads, type CleanupResult } from './cleanup.js';
export { DEFAULT_KEY_TEMPLATE, renderKey, sidecarKeyFor, unitPath } from './key.js';
export { retentionFor } from './retention.js';
export { buildSidecar, SIDECAR_SCHEMA, type AnnexVIMetadata, type Sidecar, type SourceFile } from './sidecar.js';
export { digestFile } from '../../adapters/store/hash.js';
