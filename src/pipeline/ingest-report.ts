import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SqlCatalog } from '../adapters/sql/catalog.js';
import type { IngestResult } from '../stages/ingest/index.js';
import { discoverLayout, discoverManifest } from '../stages/ingest/discover.js';
import { settledFacts } from '../stages/ingest/check.js';
import { maskPersonalData } from '../domain/privacy.js';
import { saidOfStored } from '../i18n/stored.js';
import type { IngestSummary, Said } from './events.js';

/**
 * What a run's ingest did, for the summary and the stored run record: nothing found in the
 * inbox is left unsaid (rejected, unsettled, ignored, or rejected on an earlier run and still there).
 */
export function summariseIngest(catalog: SqlCatalog, r: IngestResult, settleSeconds: number): IngestSummary {
  const fresh = new Set(r.rejected.map((x) => x.file));
  return {
    inbox: r.inbox,
    registered: r.registered.length,
    duplicates: r.shared.length,
    unchanged: r.unchanged,
    rejected: r.rejected.map((x) => ({ file: maskPersonalData(x.file), reason: x.reason, message: maskPersonalData(x.message), ...maskedSaid(x) })),
    unsettled: r.waiting.map((w) => ({ file: maskPersonalData(w.file), reason: w.reason })),
    settleSeconds,
    ignored: r.ignored.map((i) => ({ file: maskPersonalData(i.file), reason: i.reason })),
    // The catalog keeps a rejection's English message only: its catalogue text is read back from it.
    stillRejected: stillRejected(catalog, r.inbox)
      .filter((x) => !fresh.has(x.file))
      .map((x) => ({ ...x, file: maskPersonalData(x.file), message: maskPersonalData(x.message), ...maskedSaid(saidOfStored(x.message) ?? {}) })),
  };
}

/** Files under the inbox the catalog holds as rejected and that are still there. */
function stillRejected(catalog: SqlCatalog, inbox: string): Array<{ file: string; reason: string; message: string }> {
  const rows = catalog.db
    .prepare(`SELECT path AS file, coalesce(reason, '?') AS reason, coalesce(message, '') AS message FROM inputs WHERE status = 'rejected' AND substr(path, 1, ?) = ? ORDER BY id`)
    .all(inbox.length + 1, inbox + path.sep) as Array<{ file: string; reason: string; message: string }>;
  return rows.filter((x) => existsSync(x.file));
}

export interface IngestPlan {
  /** Documents that would be registered (all their files settled and new). */
  wouldRegister: number;
  newFiles: number;
  unchanged: number;
  unsettled: Array<{ file: string; reason: string }>;
  ignored: Array<{ file: string; reason: string }>;
}

/** `run INBOX --dry-run`: what ingest would add, reading the inbox and the catalog only. */
export async function planIngest(catalog: SqlCatalog, inbox: string, settleSeconds: number, now = Date.now()): Promise<IngestPlan> {
  const root = path.resolve(inbox);
  const manifest = path.join(root, 'manifest.csv');
  const found = existsSync(manifest) ? await discoverManifest(root, manifest) : await discoverLayout(root);
  const plan: IngestPlan = { wouldRegister: 0, newFiles: 0, unchanged: 0, unsettled: [], ignored: found.ignored.map((i) => ({ file: i.file, reason: i.reason })) };
  for (const doc of found.documents) {
    let fresh = 0;
    let waiting = false;
    for (const file of doc.files) {
      const f = await settledFacts(file, settleSeconds * 1000, now).catch(() => ({ waiting: 'listed but missing' }));
      if ('waiting' in f) {
        plan.unsettled.push({ file, reason: f.waiting });
        waiting = true;
      } else if (catalog.documents.inputByPathAndSha(file, f.sha256)) plan.unchanged += 1;
      else fresh += 1;
    }
    if (!waiting && fresh > 0) {
      plan.wouldRegister += 1;
      plan.newFiles += fresh;
    }
  }
  return plan;
}

/** The catalogue key and params of a rejection, with personal data in the params masked like the message. */
function maskedSaid(x: Said): Said {
  if (!x.key) return {};
  return { key: x.key, ...(x.params ? { params: Object.fromEntries(Object.entries(x.params).map(([k, v]) => [k, typeof v === 'string' ? maskPersonalData(v) : v])) } : {}) };
}
