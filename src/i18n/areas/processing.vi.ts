import type { processingEn } from './processing.en.js';

/** Vietnamese texts of the processing area: every key of processing.en.ts. Merged into vi.ts. */
export const processingVi: { readonly [K in keyof typeof processingEn]: string } = {};
