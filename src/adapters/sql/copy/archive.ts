import type { CopyRun } from './context.js';
import { copyColumns, insertMany, keyOf, selectIn, type Row } from './rows.js';

/**
 * Fixity audits, keyed on (store_url, scope, started_at), each with its findings in the same
 * transaction: an audit in the target has all of its findings.
 */
export function copyAudits(run: CopyRun): void {
  const { source, target, counts } = run;
  const cols = copyColumns(source, target, 'fixity_audits', ['id']);
  const findingCols = copyColumns(source, target, 'fixity_findings');
  const known = new Map<string, number>();
  for (const r of target.prepare('SELECT id, store_url, scope, started_at FROM fixity_audits').all() as Row[]) known.set(keyOf(r.store_url, r.scope, r.started_at), Number(r.id));
  for (const audits of run.pages<Row>('fixity_audits', 'id', Math.max(1, Math.floor(run.batchSize / 10)))) {
    run.batch('fixity_audits', () => {
      for (const a of audits) {
        const k = keyOf(a.store_url, a.scope, a.started_at);
        const id = known.get(k);
        if (id !== undefined) {
          run.audits.set(a.id, id);
          counts.fixity_audits.existing++;
          counts.fixity_findings.existing += Number(source.prepare('SELECT count(*) FROM fixity_findings WHERE audit_id = ?').pluck().get(a.id));
          continue;
        }
        const [made] = insertMany(target, 'fixity_audits', cols, [cols.map((c) => a[c])], 'id');
        known.set(k, Number(made!.id));
        run.audits.set(a.id, made!.id);
        counts.fixity_audits.copied++;
        const findings = source.prepare('SELECT * FROM fixity_findings WHERE audit_id = ? ORDER BY key').all(a.id) as Row[];
        insertMany(target, 'fixity_findings', findingCols, findings.map((f) => findingCols.map((c) => (c === 'audit_id' ? made!.id : f[c]))));
        counts.fixity_findings.copied += findings.length;
      }
    });
  }
}

/** Archived objects, keyed on (store_url, key); their last audit is the target's copy of it. */
export function copyArchivedObjects(run: CopyRun): void {
  const { source, target, counts } = run;
  const cols = copyColumns(source, target, 'archived_objects', ['id']);
  for (const rows of run.pages<Row>('archived_objects', 'id', run.batchSize * 10)) {
    run.batch('archived_objects', () => {
      const there = new Set<string>();
      for (const store of new Set(rows.map((r) => r.store_url))) {
        const keys = rows.filter((r) => r.store_url === store).map((r) => r.key);
        for (const t of selectIn(target, 'key', 'archived_objects', 'key', keys, 'store_url = ?', [store])) there.add(keyOf(store, t.key));
      }
      const fresh = rows.filter((r) => !there.has(keyOf(r.store_url, r.key)));
      counts.archived_objects.existing += rows.length - fresh.length;
      insertMany(target, 'archived_objects', cols, fresh.map((r) => cols.map((c) => (c === 'last_audit_id' ? run.audits.get(r[c]) : r[c]))));
      counts.archived_objects.copied += fresh.length;
    });
  }
}
