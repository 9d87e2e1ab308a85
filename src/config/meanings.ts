import { en, type MessageKey } from '../i18n/en.js';
import { t, type Lang, type Params } from '../i18n/index.js';
import { OCR_REVIEW_BELOW_DEFAULT, REVIEW_BELOW_DEFAULT } from './schema.js';

/** Values a meaning quotes (measured defaults), filled in so the catalogues never restate them. */
const PARAMS: Record<string, Params> = {
  'ocr.reviewBelow': { default: OCR_REVIEW_BELOW_DEFAULT },
  'classify.reviewBelow': { default: REVIEW_BELOW_DEFAULT },
};

/** The meaning of a config key (`ocr.reviewBelow`) in the run language; undefined when the catalogue lacks it. */
export function configMeaning(key: string, lang?: Lang): string | undefined {
  const k = `configKey.${key}`;
  return k in en ? t(k as MessageKey, PARAMS[key], lang) : undefined;
}
