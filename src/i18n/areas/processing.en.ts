/** English texts of the processing area; keys are `area.what`. Merged into en.ts. */
export const processingEn = {} as const;
