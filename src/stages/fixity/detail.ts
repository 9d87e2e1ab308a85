import type { SohoaError } from '../../errors.js';
import { t, type MessageKey, type Params } from '../../i18n/index.js';

/** What a finding says: the English `message` (stored, --json) and, when it has one, its catalogue text. */
export interface FindingDetail {
  message: string;
  messageKey?: MessageKey;
  messageParams?: Params;
}

/**
 * A finding's detail from the catalogue: the English message is the catalogue's English text,
 * so the two languages cannot drift apart. (`messageKey`, since a finding's `key` is the object's.)
 */
export function detail(messageKey: MessageKey, messageParams?: Params): FindingDetail {
  return { message: t(messageKey, messageParams, 'en'), messageKey, ...(messageParams ? { messageParams } : {}) };
}

/** An object that could not be read: the error's message, and its catalogue text when it has one. */
export function errorDetail(e: SohoaError): FindingDetail {
  return { message: e.message, ...(e.key ? { messageKey: e.key, ...(e.params ? { messageParams: e.params } : {}) } : {}) };
}
