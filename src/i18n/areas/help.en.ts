/** English texts of the help area; keys are `area.what`. Merged into en.ts. */
export const helpEn = {} as const;
