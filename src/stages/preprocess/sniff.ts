import { promises as fsp } from 'node:fs';
import { InputRejectedError } from '../../errors.js';
import { describeContent } from './describe.js';

export type InputKind = 'jpeg' | 'png' | 'tiff' | 'pdf';

/** The kind of a file by its first bytes, never by its name: an HTML page saved as .jpg is rejected. */
export function kindFromMagic(head: Uint8Array): InputKind | undefined {
  const b = (i: number) => head[i];
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if ((b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0x00) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0x00 && b(3) === 0x2a)) return 'tiff';
  // A PDF header may follow a little junk (the spec allows it within the first 1024 bytes).
  const text = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  if (text.includes('%PDF-')) return 'pdf';
  return undefined;
}

/** Reads the head of a file (read-only) and names its kind, or rejects it with a reason. */
export async function sniffFile(file: string): Promise<InputKind> {
  const fh = await fsp.open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size === 0) throw new InputRejectedError('empty', `Expected a scan in ${file}, got an empty file`, {
        file,
        hint: 'Rescan the page; the scanner may have failed.',
        key: 'reject.empty',
        params: { file },
        hintKey: 'reject.emptyHint',
      });
    const head = Buffer.alloc(Math.min(1024, size));
    await fh.read(head, 0, head.length, 0);
    const kind = kindFromMagic(head);
    if (!kind) {
      // Never quote the bytes: the file may be a passphrase or a key.
      throw new InputRejectedError('bad-magic', `Expected a JPEG, PNG, TIFF or PDF in ${file}, got ${describeContent(head)} (${size} bytes)`, {
        file,
        hint: 'The file is not a scan (wrong content for its name); replace it with the real image or PDF.',
        key: 'reject.badMagic',
        params: { file, content: describeContent(head), size },
        hintKey: 'reject.badMagicHint',
      });
    }
    return kind;
  } finally {
    await fh.close();
  }
}
