/** A type id: lower-case words joined by hyphens ("to-trinh"). Ids are a contract and never change. */
export const TYPE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
