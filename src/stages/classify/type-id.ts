/** A type id: lower-case words joined by hyphens ("to-trinh"). Ids are a contract and never change. */
export const TYPE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What names a document type, as the rules file gives it. */
export interface TypeInfo {
  id: string;
  name: string;
  nameEn?: string;
  /** Decree 30 Annex III abbreviation ("TB"); công văn and thư công have none. */
  abbr?: string;
  group?: string;
  /** Former ids that still read as this type. */
  aliases: string[];
}
