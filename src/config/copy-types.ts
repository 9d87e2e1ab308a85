/** Copy types of Decree 30/2020 Annex I, shown in the visible signature. Kept apart from the zod schema so option help loads fast. */
export const COPY_TYPES = ['SAO Y', 'SAO LỤC', 'TRÍCH SAO'] as const;
