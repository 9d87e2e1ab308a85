import type { SohoaError } from '../../errors.js';
import type { MessageKey, Params } from '../../i18n/index.js';
import { english, said, type Said } from '../../i18n/said.js';

/** What a finding says: the English `message` (stored, --json) and, when it has one, its catalogue text. */
export interface FindingDetail {
  message: string;
  messageSaid?: Said;
}

/** A finding's detail from the catalogue: the English message is worded from it, so the two cannot drift apart. */
export function detail(key: MessageKey, params?: Params): FindingDetail {
  const s = said(key, params);
  return { message: english(s), messageSaid: s };
}

/** An object that could not be read: the error's message, and its catalogue text when it has one. */
export function errorDetail(e: SohoaError): FindingDetail {
  if (!e.key) return { message: e.message };
  const params = e.paramsSaid ? { ...e.params, ...e.paramsSaid } : e.params;
  return { message: e.message, messageSaid: said(e.key, params) };
}
