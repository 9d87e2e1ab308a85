import { randomInt } from 'node:crypto';
import PQueue from 'p-queue';
import { digestStream } from '../../adapters/store/hash.js';
import { toSohoaError } from '../../errors.js';
import type { ArchivedObject, ArchiveStore, AuditCounts, FindingStatus, FixityFinding } from '../../ports/archive-catalog.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { DocumentStore } from '../../ports/document-store.js';
import { checkStagedOriginal, knownStagedOriginals } from './staged.js';
import { sidecarKeyFor } from '../archive/key.js';
import { readAll } from '../archive/read-all.js';
import { describedSha256 } from '../archive/sidecar.js';
import { detail, errorDetail } from './detail.js';

export type FixityScope = { kind: 'all' } | { kind: 'sample'; size: number } | { kind: 'since'; date: string };

export interface FixityProgress {
  done: number;
  total: number;
  key: string;
  status: 'ok' | FindingStatus;
}

export interface FixityReport {
  auditId: number;
  storeUrl: string;
  scope: string;
  counts: AuditCounts;
  findings: FixityFinding[];
  status: 'passed' | 'failed' | 'interrupted';
}

export interface FixityOptions {
  scope: FixityScope;
  /** `originals.stagingPrefix`: staged originals the catalog knows are checked, not unexpected. */
  stagingPrefix?: string;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: FixityProgress) => void;
}

/**
 * Re-reads archived objects, recomputes their SHA-256 and compares it with the catalog, with
 * the SHA-256 recorded on the object, and (for a PDF) with its sidecar. A full audit also
 * lists the store and reports objects the catalog does not know; staged originals whose SHA-256
 * the catalog has an input for are re-hashed instead. Every audit and finding is recorded in the catalog.
 */
export async function runFixity(
  store: ObjectStore,
  catalog: { archive: ArchiveStore; documents?: Pick<DocumentStore, 'inputs'> },
  opts: FixityOptions,
): Promise<FixityReport> {
  const all = catalog.archive.objects(store.url, opts.scope.kind === 'since' ? { since: opts.scope.date } : {});
  const chosen = opts.scope.kind === 'sample' ? sample(all, opts.scope.size) : all;
  const scope = opts.scope.kind === 'all' ? 'all' : opts.scope.kind === 'sample' ? `sample ${opts.scope.size}` : `since ${opts.scope.date}`;
  const auditId = catalog.archive.startAudit(store.url, scope);
  const counts: AuditCounts = { checked: 0, ok: 0, missing: 0, corrupt: 0, unexpected: 0, errors: 0 };
  const findings: FixityFinding[] = [];
  const total = chosen.length;
  let done = 0;
  const tally = (key: string, status: 'ok' | FindingStatus, finding?: FixityFinding) => {
    if (status === 'ok') counts.ok += 1;
    else if (status === 'error') counts.errors += 1;
    else counts[status] += 1;
    if (finding) findings.push(finding);
    catalog.archive.recordCheck(auditId, store.url, key, status, finding);
  };
  const record = (key: string, status: 'ok' | FindingStatus, finding?: FixityFinding) => {
    tally(key, status, finding);
    opts.onProgress?.({ done: ++done, total, key, status });
  };

  // A sidecar version written after review must still describe the document's PDF.
  const pdfSha = new Map(all.filter((o) => o.kind === 'document' && o.documentUid).map((o) => [o.documentUid!, o.sha256]));
  const queue = new PQueue({ concurrency: Math.max(1, opts.concurrency ?? 4) });
  await Promise.all(
    chosen.map((obj) =>
      queue.add(async () => {
        if (opts.signal?.aborted) return;
        counts.checked += 1;
        try {
          const finding = await checkObject(store, obj, obj.documentUid ? pdfSha.get(obj.documentUid) : undefined);
          record(obj.key, finding?.status ?? 'ok', finding);
        } catch (err) {
          record(obj.key, 'error', { key: obj.key, status: 'error', expectedSha256: obj.sha256, ...errorDetail(toSohoaError(err)) });
        }
      }),
    ),
  );

  if (opts.scope.kind === 'all' && !opts.signal?.aborted) {
    const known = new Set(all.map((o) => o.key));
    const stagedSha = knownStagedOriginals(catalog.documents, opts.stagingPrefix);
    for await (const o of store.list()) {
      if (known.has(o.key)) continue;
      const sha = stagedSha?.(o.key);
      if (sha) {
        counts.checked += 1;
        try {
          const finding = await checkStagedOriginal(store, o.key, sha);
          tally(o.key, finding?.status ?? 'ok', finding);
        } catch (err) {
          tally(o.key, 'error', { key: o.key, status: 'error', expectedSha256: sha, ...errorDetail(toSohoaError(err)) });
        }
        continue;
      }
      tally(o.key, 'unexpected', { key: o.key, status: 'unexpected', ...detail('fixity.detail.notInCatalog', { size: o.size }) });
    }
  }

  const failed = counts.missing + counts.corrupt + counts.unexpected + counts.errors > 0;
  const status = opts.signal?.aborted ? 'interrupted' : failed ? 'failed' : 'passed';
  catalog.archive.finishAudit(auditId, counts, status);
  findings.sort((a, b) => a.key.localeCompare(b.key));
  return { auditId, storeUrl: store.url, scope, counts, findings, status };
}

async function checkObject(store: ObjectStore, obj: ArchivedObject, documentSha?: string): Promise<FixityFinding | undefined> {
  const base = { key: obj.key, expectedSha256: obj.sha256 };
  const body = await store.get(obj.key);
  if (!body) return { ...base, status: 'missing', ...detail('fixity.detail.notInStore') };
  const d = await digestStream(body);
  if (d.sha256 !== obj.sha256 || d.size !== obj.size) {
    return { ...base, status: 'corrupt', actualSha256: d.sha256, ...detail('fixity.detail.contentDiffers', { size: d.size, expected: obj.size }) };
  }
  const head = await store.head(obj.key);
  if (head?.sha256 && head.sha256 !== obj.sha256) {
    return { ...base, status: 'corrupt', actualSha256: d.sha256, ...detail('fixity.detail.recordedSha', { sha256: head.sha256 }) };
  }
  if (obj.kind === 'document') {
    const sc = await store.get(sidecarKeyFor(obj.key));
    const described = sc ? describedSha256(await readAll(sc, 16 * 1024 * 1024)) : undefined;
    if (described !== obj.sha256) {
      const sidecar = sidecarKeyFor(obj.key);
      const said = !sc
        ? detail('fixity.detail.sidecarMissing', { sidecar })
        : described === undefined
          ? detail('fixity.detail.sidecarUnreadable', { sidecar })
          : detail('fixity.detail.sidecarDescribes', { sidecar, described });
      return { ...base, status: 'corrupt', actualSha256: d.sha256, ...said };
    }
  }
  if (obj.kind === 'sidecar' && (obj.version ?? 1) > 1 && documentSha) {
    const again = await store.get(obj.key);
    const described = again ? describedSha256(await readAll(again, 16 * 1024 * 1024)) : undefined;
    if (described !== documentSha) {
      const said =
        described === undefined
          ? detail('fixity.detail.versionUnreadable', { version: obj.version, pdf: documentSha })
          : detail('fixity.detail.versionDescribes', { version: obj.version, described, pdf: documentSha });
      return { ...base, status: 'corrupt', actualSha256: d.sha256, ...said };
    }
  }
  return undefined;
}

/** A uniform random sample without replacement (partial Fisher–Yates). */
export function sample<T>(items: readonly T[], n: number): T[] {
  const a = [...items];
  const k = Math.min(n, a.length);
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(a.length - i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}
