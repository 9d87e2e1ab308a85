import type { MessageKey, Params } from '../../i18n/index.js';

/** Ingest's warnings stay English strings in its result (and so in --json); these carry their catalogue keys. */
export const NO_UNITS_WARNING = 'No administrative units are imported, so unit codes were not checked: run `sohoa units import FILE` before ingesting.';

const KEYS: Record<string, MessageKey> = { [NO_UNITS_WARNING]: 'pipeline.noUnits' };

/** An ingest warning as a record `say()` words in the run language (the English text when it has no key). */
export function saidWarning(message: string): { message: string; key?: MessageKey; params?: Params } {
  const key = KEYS[message];
  return key ? { message, key } : { message };
}
