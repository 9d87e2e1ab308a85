import type { CliContext } from '../context.js';
import type { TextOf } from '../../stages/classify/text-of.js';

/**
 * OCR for images and scanned PDFs given to `sohoa classify`. Undefined until the OCR stage
 * offers a text-only entry point: images are then rejected with a hint to run `sohoa ocr`.
 */
export async function imageOcr(_ctx: CliContext): Promise<TextOf | undefined> {
  return undefined;
}
