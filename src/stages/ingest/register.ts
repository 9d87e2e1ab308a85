import { createHash } from 'node:crypto';
import { InputRejectedError, saidOf } from '../../errors.js';
import type { Catalog } from '../../ports/catalog.js';
import type { OriginalsStore } from '../../ports/originals.js';
import { checkInput, settledFacts, type FileFacts } from './check.js';
import type { FoundDocument } from './discover.js';
import type { IngestRejection, IngestResult } from './index.js';

export interface IngestContext {
  catalog: Catalog;
  originals: OriginalsStore;
  settleMs: number;
  now: number;
  limitInputPixels?: number;
  /** Unit codes in the catalog; empty when none are imported (then codes are not checked). */
  unitCodes: ReadonlySet<string>;
  result: IngestResult;
}

/** Path-safe ASCII: `Tờ khai` → `to-khai`. */
function slug(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 48) || 'doc'
  );
}

/** A document's uid: where it belongs and what its pages hold, so changed content is another uid. */
export function documentUid(doc: Pick<FoundDocument, 'dossierCode' | 'part' | 'name'>, sha256s: string[]): string {
  const contentKey = createHash('sha256').update(sha256s.join(',')).digest('hex').slice(0, 10);
  return `${slug(doc.dossierCode)}-${doc.part}-${slug(doc.name)}-${contentKey}`;
}

/** Hashes every file once it has settled; undefined when the document must wait for the next run. */
async function settledDocument(ctx: IngestContext, doc: FoundDocument): Promise<FileFacts[] | undefined> {
  const facts: FileFacts[] = [];
  let waiting = false;
  for (const file of doc.files) {
    try {
      const f = await settledFacts(file, ctx.settleMs, ctx.now);
      if ('waiting' in f) {
        ctx.result.waiting.push({ file, reason: f.waiting });
        waiting = true;
      } else facts.push(f);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EIO' || code === 'EISDIR' || code === 'ELOOP') {
        // One unreadable file rejects its document; the batch goes on.
        ctx.result.rejected.push({
          file,
          reason: 'unreadable',
          message: `Expected a readable scan at ${file}, got ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'a folder' : code === 'ELOOP' ? 'a symbolic link' : 'a read error'}`,
          hint: 'Check the file and its permissions (sohoa needs read access only), then ingest again.',
        });
        return undefined;
      }
      if (code !== 'ENOENT') throw err;
      ctx.result.waiting.push({ file, reason: 'listed but missing (moved or still being copied)' });
      waiting = true;
    }
  }
  // A document is registered whole: if one page is still being written, all of it waits.
  return waiting ? undefined : facts;
}

/** The first reason this document cannot be used: its content, then its unit. */
async function rejectionOf(ctx: IngestContext, doc: FoundDocument, uid: string): Promise<{ rejection?: IngestRejection; pages: number }> {
  let pages = 0;
  for (const file of doc.files) {
    try {
      pages += (await checkInput(file, ctx.limitInputPixels)).pages;
    } catch (err) {
      if (!(err instanceof InputRejectedError)) throw err;
      return { rejection: { file, reason: err.reason, message: err.message, hint: err.hint, document: uid, ...saidOf(err), ...(err.hintKey ? { hintKey: err.hintKey, hintParams: err.hintParams } : {}) }, pages: 0 };
    }
  }
  if (ctx.unitCodes.size > 0 && !ctx.unitCodes.has(doc.unitCode)) {
    const rejection = {
      file: doc.files[0]!,
      reason: 'unknown-unit',
      message: `Expected a unit code known to the catalog for dossier ${doc.dossierCode}, got "${doc.unitCode}"`,
      hint: `Import the unit list that has ${doc.unitCode} (sohoa units import FILE), then \`sohoa documents retry ${uid}\`; or move the scans under the right unit code.`,
      document: uid,
    };
    return { rejection, pages };
  }
  return { pages };
}

/** Registers one found document (see ingestInbox). */
export async function ingestDocument(ctx: IngestContext, doc: FoundDocument): Promise<void> {
  const { catalog, result } = ctx;
  if (doc.refused) {
    // Never opened: a link may point at a key or a passphrase.
    result.rejected.push({ file: doc.refused.file, reason: doc.refused.reason, message: doc.refused.message, hint: doc.refused.hint });
    return;
  }
  const facts = await settledDocument(ctx, doc);
  if (!facts) return;
  const uid = documentUid(doc, facts.map((f) => f.sha256));
  if (catalog.documents.byUid(uid)) {
    result.unchanged += doc.files.length;
    return;
  }
  const { rejection, pages } = await rejectionOf(ctx, doc, uid);
  if (!rejection || rejection.reason === 'unknown-unit') {
    // Good content is kept from now on, whatever becomes of the inbox file.
    for (const [i, file] of doc.files.entries()) {
      const put = await ctx.originals.put(file, facts[i]!.sha256);
      if (put.sha256 !== facts[i]!.sha256) {
        result.waiting.push({ file, reason: 'changed while it was being copied into the originals store' });
        return;
      }
    }
  }
  const previous = catalog.documents.latestVersion(doc.dossierCode, doc.part, doc.name);
  const version = previous ? (previous.version ?? 1) + 1 : 1;
  const record = catalog.transaction(() => {
    const ids = doc.files.map((file, i) => {
      const f = facts[i]!;
      const earlier = catalog.documents.inputByPathAndSha(file, f.sha256);
      if (earlier) {
        if (!rejection && earlier.status !== 'registered') catalog.documents.markInputRegistered(earlier.id);
        return earlier.id;
      }
      const other = catalog.documents.inputWithSha(f.sha256, file);
      if (other) result.shared.push({ file, sameAs: other.path });
      const own = rejection && (rejection.file === file || rejection.reason === 'unknown-unit');
      return catalog.documents.addInput({
        path: file,
        sha256: f.sha256,
        size: f.size,
        mtimeMs: f.mtimeMs,
        status: own ? 'rejected' : 'registered',
        reason: own ? rejection.reason : undefined,
        message: own ? rejection.message : undefined,
      });
    });
    const unitId = catalog.units.versions(doc.unitCode).at(-1)?.id ?? null;
    catalog.dossiers.ensureFromScan(doc.dossierCode, unitId, doc.unitCode, null);
    return catalog.documents.createDocument(
      {
        uid,
        dossierCode: doc.dossierCode,
        unitCode: doc.unitCode,
        part: doc.part,
        name: doc.name,
        status: rejection ? 'rejected' : 'pending',
        reason: rejection?.reason,
        message: rejection?.message,
        version,
        previousId: previous?.id ?? null,
      },
      ids,
    );
  });
  if (previous) result.versions.push({ document: uid, previous: previous.uid, version, files: doc.files });
  if (rejection) {
    result.rejected.push(rejection);
    return;
  }
  result.registered.push({
    documentId: record.id,
    uid,
    name: doc.name,
    unitCode: doc.unitCode,
    dossierCode: doc.dossierCode,
    part: doc.part,
    files: doc.files,
    pages,
    version,
  });
}
