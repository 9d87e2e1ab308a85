import { existsSync } from 'node:fs';
import { InputRejectedError } from '../../errors.js';
import type { DocumentStore } from '../../ports/document-store.js';
import { OriginalUnavailable, type OriginalsStore } from '../../ports/originals.js';
import { sha256File } from '../ingest/check.js';

/** One page source of a document: the inbox path it came from, and the verified stored bytes. */
export interface VerifiedInput {
  /** The inbox path at ingest: for names and messages only, never read again. */
  file: string;
  /** A local file with the bytes ingested, hash re-checked just now. */
  local: string;
  sha256: string;
}

const decideHint = (uid: string) =>
  `Restore the scan and run \`sohoa documents retry ${uid}\`, or set it aside with \`sohoa documents skip ${uid}\`.`;

/**
 * The inputs of a document as ingested, read from the originals store only and re-hashed.
 * Catalogs from before the store have no copy: the inbox file is taken once, if it still hashes
 * to what was recorded. Missing or altered bytes reject the document (reasons `missing`,
 * `hash-mismatch`), so one bad input never stops the batch.
 */
export async function verifiedInputs(docs: DocumentStore, originals: OriginalsStore, documentId: number): Promise<VerifiedInput[]> {
  const doc = docs.get(documentId);
  const uid = doc?.uid ?? String(documentId);
  const out: VerifiedInput[] = [];
  try {
    for (const input of docs.inputsOf(documentId)) {
      try {
        out.push({ file: input.path, local: await originals.localCopy(input.sha256), sha256: input.sha256 });
        continue;
      } catch (err) {
        if (!(err instanceof OriginalUnavailable)) throw err;
        if (err.kind === 'hash-mismatch') {
          throw new InputRejectedError(
            'hash-mismatch',
            `Expected the stored original of ${input.path} in ${originals.location} to have SHA-256 ${input.sha256}, got ${err.actual}: it was altered after ingest`,
            {
              file: input.path,
              hint: `Check ${originals.location} and who can write to it; run \`sohoa fixity\`. ${decideHint(uid)}`,
              key: 'reject.originalAltered',
              params: { file: input.path, location: originals.location, sha256: input.sha256, actual: err.actual },
              hintKey: 'reject.originalAlteredHint',
              hintParams: { location: originals.location, uid },
            },
          );
        }
      }
      out.push({ file: input.path, local: await legacyOriginal(originals, input.path, input.sha256, uid), sha256: input.sha256 });
    }
  } catch (err) {
    // One input unusable: the copies of the others are not needed either.
    await releaseInputs(originals, out);
    throw err;
  }
  return out;
}

/** Ingested before the originals store existed: copy the inbox file in, if it is still the same bytes. */
async function legacyOriginal(originals: OriginalsStore, file: string, sha256: string, uid: string): Promise<string> {
  if (!existsSync(file)) {
    throw new InputRejectedError('missing', `Expected the scan ${file} (SHA-256 ${sha256}) in the originals store or the inbox, got neither`, {
      file,
      hint: decideHint(uid),
      key: 'reject.missing',
      params: { file, sha256 },
      hintKey: 'reject.decideHint',
      hintParams: { uid },
    });
  }
  const now = await sha256File(file);
  const put = now === sha256 ? await originals.put(file, sha256) : { sha256: now };
  if (put.sha256 !== sha256) {
    throw new InputRejectedError('hash-mismatch', `Expected ${file} to hold the content ingested (SHA-256 ${sha256}), got different content (SHA-256 ${put.sha256})`, {
      file,
      hint: `The file was replaced after ingest; ingest it again to register the new content as a new version. ${decideHint(uid)}`,
      key: 'reject.hashMismatch',
      params: { file, sha256, actual: put.sha256 },
      hintKey: 'reject.replacedHint',
      hintParams: { uid },
    });
  }
  return originals.localCopy(sha256);
}

/** Gives back the local copies (a staged store removes its downloads); never throws. */
export async function releaseInputs(originals: OriginalsStore, inputs: VerifiedInput[]): Promise<void> {
  if (!originals.release) return;
  for (const i of inputs) await originals.release(i.local).catch(() => undefined);
}

/** Rejections from the stages name the store's file: put the inbox path back in their messages. */
export function withInboxNames(err: unknown, inputs: VerifiedInput[]): unknown {
  if (!(err instanceof InputRejectedError)) return err;
  const named = (s: string) => inputs.reduce((m, i) => m.split(i.local).join(i.file), s);
  const message = named(err.message);
  const file = inputs.find((i) => i.local === err.file)?.file ?? err.file;
  if (message === err.message && file === err.file) return err;
  // The catalogue text keeps up with the message, so it is still said in the run language.
  const params = err.params && Object.fromEntries(Object.entries(err.params).map(([k, v]) => [k, typeof v === 'string' ? named(v) : v]));
  return new InputRejectedError(err.reason, message, { file, hint: err.hint, cause: err, key: err.key, params, hintKey: err.hintKey, hintParams: err.hintParams });
}
