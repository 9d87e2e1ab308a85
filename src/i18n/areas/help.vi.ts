import type { helpEn } from './help.en.js';

/** Vietnamese texts of the help area: every key of help.en.ts. Merged into vi.ts. */
export const helpVi: { readonly [K in keyof typeof helpEn]: string } = {};
