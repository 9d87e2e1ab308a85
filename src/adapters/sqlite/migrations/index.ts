import foundation from './0001-foundation.js';
import documents from './0002-documents.js';
import classify from './0004-classify.js';
import archive from './0006-archive.js';
import reviewSearch from './0009-review-search.js';
import originals from './0007-originals.js';
import wordConfidences from './0008-word-confidences.js';
import searchTags from './0010-search-tags.js';
import leases from './0011-leases.js';

/**
 * Versioned migrations, applied in order, each once. Numbers are reserved by area so that
 * parallel work does not collide: 0003 ingest/OCR, 0004 classify, 0005 sign, 0006 archive,
 * 0007 pipeline. Never edit a migration that has shipped; add a new one.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'foundation', sql: foundation },
  { version: 2, name: 'documents', sql: documents },
  { version: 4, name: 'classify', sql: classify },
  { version: 6, name: 'archive', sql: archive },
  { version: 7, name: 'originals', sql: originals },
  { version: 8, name: 'word-confidences', sql: wordConfidences },
  { version: 9, name: 'review-search', sql: reviewSearch },
  { version: 10, name: 'search-tags', sql: searchTags },
  { version: 11, name: 'leases', sql: leases },
];
