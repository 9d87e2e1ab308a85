import type { signingEn } from './signing.en.js';

/** Vietnamese texts of the signing area: every key of signing.en.ts. Merged into vi.ts. */
export const signingVi: { readonly [K in keyof typeof signingEn]: string } = {};
