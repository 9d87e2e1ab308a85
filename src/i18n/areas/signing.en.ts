/** English texts of the signing area; keys are `area.what`. Merged into en.ts. */
export const signingEn = {} as const;
